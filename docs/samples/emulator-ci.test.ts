// A test of your own code against the emulator, run by `node --test` (or any test runner).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';

let emulator: Emulator;

before(async () => {
  emulator = await startEmulator({ profiles: 30, seed: 7 });
});
after(() => emulator.stop());

function connect() {
  const { credentials } = emulator;
  const auth = createOAuthServerToServerAuth({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    orgId: credentials.orgId,
    scopes: credentials.scopes,
    imsUrl: emulator.imsUrl,
  });
  return createCampaignClient({ auth, tenant: credentials.tenant, baseUrl: emulator.baseUrl });
}

test('the export reads every profile with one token', async () => {
  emulator.stats.reset();
  const client = connect();
  const emails: string[] = [];
  for await (const profile of client.profiles.list({ pageSize: 10 })) emails.push(profile.email ?? '');
  assert.equal(emails.length, 30);
  assert.equal(emulator.stats.tokenRequests({ outcome: 'success' }), 1);
});

test('a GET that meets a 503 is retried', async () => {
  const client = connect();
  emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1 });
  const first = await client.profiles.list({ pageSize: 1 }).pages().next();
  assert.equal(first.value?.items.length, 1);
  assert.equal(emulator.stats.apiRequests({ status: 503 }), 1);
  emulator.faults.clear();
});

test('an expired token is replaced once, transparently', async () => {
  const client = connect();
  await client.profiles.list({ pageSize: 1 }).count();
  emulator.expireTokens();
  const total = await client.profiles.list().count();
  assert.equal(total, 30);
});
