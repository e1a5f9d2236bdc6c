import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createJwtAuth } from '../../src/index.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.stop();
});

it('calls refused together with the same token cause one token request, not one each', async () => {
  const c = emulator.credentials;
  const auth = createJwtAuth({
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    technicalAccountId: c.technicalAccountId,
    metascopes: c.metascopes,
    privateKey: c.privateKey,
    quietDeprecation: true,
    orgId: c.orgId,
    imsUrl: emulator.imsUrl,
  });
  const { token: refused } = await auth.getToken();
  const before = emulator.stats.tokenRequests();
  const reauth = async (i: number) => {
    for (let n = 0; n < i % 5; n++) await new Promise((resolve) => setImmediate(resolve));
    await auth.invalidate(refused);
    return (await auth.getToken()).token;
  };
  const tokens = new Set(await Promise.all(Array.from({ length: 30 }, (_, i) => reauth(i))));
  expect(tokens.size).toBe(1);
  expect(tokens.has(refused)).toBe(false);
  // one more refusal of the old token, long after: still nothing to fetch
  await auth.invalidate(refused);
  await auth.getToken();
  expect(emulator.stats.tokenRequests() - before).toBe(1);
});
