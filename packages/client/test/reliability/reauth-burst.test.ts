import { createJwtAuth } from '@campaign-standard/auth-jwt';
import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import type { AuthStrategy } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCampaignClient } from '../../src/index.js';
import { emulatorAuth } from '../helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ profiles: 50, seed: 5 });
});
afterAll(async () => {
  await emulator?.stop();
});

const strategies: Array<[string, () => AuthStrategy]> = [
  [
    'OAuth Server-to-Server',
    () => {
      const c = emulator.credentials;
      return createOAuthServerToServerAuth({
        clientId: c.clientId,
        clientSecrets: [c.clientSecret],
        orgId: c.orgId,
        scopes: c.scopes,
        imsUrl: emulator.imsUrl,
      });
    },
  ],
  [
    'JWT',
    () => {
      const c = emulator.credentials;
      return createJwtAuth({
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        orgId: c.orgId,
        technicalAccountId: c.technicalAccountId,
        metascopes: c.metascopes,
        privateKey: c.privateKey,
        imsUrl: emulator.imsUrl,
        quietDeprecation: true,
      });
    },
  ],
];

describe('a burst of calls refused with the same expired token', () => {
  it.each(strategies)(
    '%s: 60 concurrent calls, three expiries, one new token per expiry',
    async (_name, make) => {
      const client = createCampaignClient({ auth: make(), tenant: 'acme', baseUrl: emulator.baseUrl });
      await client.services.list().count();
      for (let round = 0; round < 3; round++) {
        const tokensBefore = emulator.stats.tokenRequests({ outcome: 'success' });
        const refusedBefore = emulator.stats.apiRequests({ status: 401 });
        emulator.expireTokens();
        // a little latency on some answers spreads the 401s over time, as in production
        emulator.faults.inject({ target: 'api', kind: 'latency', latencyMs: 5, probability: 0.3 });
        const answers = await Promise.all(
          Array.from({ length: 60 }, (_, i) =>
            client.profiles
              .list({ pageSize: 1 + (i % 3) })
              .pages()
              .next(),
          ),
        );
        emulator.faults.clear();
        expect(answers.every((answer) => answer.value?.items.length)).toBe(true);
        expect(emulator.stats.apiRequests({ status: 401 }) - refusedBefore).toBe(60);
        expect(emulator.stats.tokenRequests({ outcome: 'success' }) - tokensBefore).toBe(1);
      }
    },
  );

  it('a strategy whose invalidate takes no argument still re-authenticates', async () => {
    const auth = emulatorAuth(emulator);
    const client = createCampaignClient({ auth, tenant: 'acme', baseUrl: emulator.baseUrl });
    await client.services.list().count();
    emulator.expireTokens();
    await expect(client.services.list().count()).resolves.toBeGreaterThan(0);
    expect(auth.invalidated).toBe(1);
  });
});
