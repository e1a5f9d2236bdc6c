import { emulatorEnvironment } from '@campaign-standard/emulator';
import { describeDocumentedBehaviour, type Init } from '../../packages/aio-compat/test/documented.ts';
import { loadAioCampaign } from '../src/lib/peers.mjs';
import { rawToken } from '../src/lib/raw.mjs';

// The cases packages/aio-compat/test/documented.test.ts runs against @campaign-standard/aio-compat,
// run against Adobe's @adobe/aio-lib-campaign-standard 4.0.3 (a dependency of this private package
// only): the cases listed in DIFFERENCES must fail, the others pass. The package README's table of
// differences is that list.
describeDocumentedBehaviour(
  '@adobe/aio-lib-campaign-standard 4.0.3',
  async (emulator) => {
    const env = emulatorEnvironment(emulator);
    const aio = loadAioCampaign(emulator.baseUrl) as { init: Init };
    return { init: aio.init, args: [env['ACS_TENANT']!, env['ACS_CLIENT_ID']!, await rawToken(emulator)] };
  },
  true,
);
