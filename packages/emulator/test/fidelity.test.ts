import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { apiHeaders } from './helpers.js';

// Adobe's own IMS client, unmodified. Its `Ims` class keeps the IMS host in a public `endpoint`
// property; its token plugins (`imsLogin(ims, config)`) take that instance, so pointing them at
// the emulator needs no patching. (`getToken(context)` builds its own `Ims` from `env` and can only
// reach Adobe's hosts, so the plugins are driven directly, as `getToken` itself does.)
const require = createRequire(import.meta.url);
const aioIms = require('@adobe/aio-lib-ims') as { Ims: new (env?: string) => { endpoint: string } };
const fromAioIms = createRequire(require.resolve('@adobe/aio-lib-ims'));
type Plugin = {
  supports(config: unknown): boolean;
  imsLogin(ims: unknown, config: unknown): Promise<{ access_token: { token: string; expiry: number } }>;
};
const jwtPlugin = fromAioIms('@adobe/aio-lib-ims-jwt') as Plugin;
const s2sPlugin = fromAioIms('@adobe/aio-lib-ims-oauth/src/ims-oauth_server_to_server') as Plugin;

const LIFETIME_S = 7200;
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ tokenLifetimeSeconds: LIFETIME_S });
});
afterAll(() => emulator.stop());

function imsForEmulator() {
  const ims = new aioIms.Ims('prod');
  ims.endpoint = emulator.imsUrl;
  return ims;
}

async function expectUsable(token: string) {
  const res = await fetch(
    `${emulator.baseUrl}/${emulator.credentials.tenant}/campaign/profileAndServices/profile`,
    {
      headers: apiHeaders(emulator, token),
    },
  );
  expect(res.status).toBe(200);
}

describe('@adobe/aio-lib-ims against the emulator', () => {
  it('obtains a token through its OAuth Server-to-Server plugin and computes its expiry', async () => {
    const c = emulator.credentials;
    const config = {
      client_id: c.clientId,
      client_secrets: [c.clientSecret],
      technical_account_email: c.technicalAccountEmail,
      technical_account_id: c.technicalAccountId,
      scopes: c.scopes,
      ims_org_id: c.orgId,
    };
    expect(s2sPlugin.supports(config)).toBe(true);
    const before = Date.now();
    const result = await s2sPlugin.imsLogin(imsForEmulator(), config);
    expect(result.access_token.expiry).toBeGreaterThanOrEqual(before + LIFETIME_S * 1000);
    expect(result.access_token.expiry).toBeLessThanOrEqual(Date.now() + LIFETIME_S * 1000);
    expect(emulator.stats.tokenRequests({ grant: 'client_credentials', outcome: 'success' })).toBe(1);
    await expectUsable(result.access_token.token);
  });

  it('obtains a token through its JWT plugin (signing its own JWT) and computes its expiry', async () => {
    const c = emulator.credentials;
    const config = {
      client_id: c.clientId,
      client_secret: c.clientSecret,
      technical_account_id: c.technicalAccountId,
      meta_scopes: c.metascopes,
      ims_org_id: c.orgId,
      private_key: c.privateKey,
    };
    expect(jwtPlugin.supports(config)).toBe(true);
    const before = Date.now();
    const result = await jwtPlugin.imsLogin(imsForEmulator(), config);
    expect(result.access_token.expiry).toBeGreaterThanOrEqual(before + LIFETIME_S * 1000);
    expect(result.access_token.expiry).toBeLessThanOrEqual(Date.now() + LIFETIME_S * 1000);
    expect(emulator.stats.tokenRequests({ grant: 'jwt', outcome: 'success' })).toBe(1);
    await expectUsable(result.access_token.token);
  });

  it('surfaces the emulator IMS error body through its own error', async () => {
    const c = emulator.credentials;
    const config = {
      client_id: c.clientId,
      client_secrets: ['not-the-secret'],
      technical_account_email: c.technicalAccountEmail,
      technical_account_id: c.technicalAccountId,
      scopes: c.scopes,
      ims_org_id: c.orgId,
    };
    await expect(s2sPlugin.imsLogin(imsForEmulator(), config)).rejects.toThrow(
      /invalid client_secret parameter/,
    );
  });
});
