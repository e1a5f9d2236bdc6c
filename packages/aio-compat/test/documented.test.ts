import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { emulatorEnvironment } from '@campaign-standard/emulator';
import { init } from '../src/index.js';
import { describeDocumentedBehaviour, type Init } from './documented.js';

// The documented behaviour of Adobe's functions, met by this package over an AuthStrategy.
// The same cases run against Adobe's library in bench/test/aio-compat-parity.test.ts.
describeDocumentedBehaviour(
  '@campaign-standard/aio-compat',
  async (emulator) => {
    const env = emulatorEnvironment(emulator);
    const compatInit: Init = (tenantId, apiKey, auth) =>
      init(tenantId, apiKey, auth, { baseUrl: env['ACS_BASE_URL']! });
    return { init: compatInit, args: [env['ACS_TENANT']!, '', fromEnvironment(env)] };
  },
  false,
);
