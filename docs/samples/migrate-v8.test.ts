// The same integration against a Campaign Standard tenant and the Campaign v8 tenant migrated from
// it, changing only the configuration; then the Standard -> v8 check as a test of your own, limited
// to the calls the integration made. Run by `node --test` against the emulator's two tenants.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import {
  type CampaignClient,
  type CampaignPlatform,
  checkStandardToV8,
  createCampaignClient,
  type UsageEntry,
  usageLog,
} from '@campaign-standard/client';
import { isCampaignSdkError } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';

let emulator: Emulator;
const calls: UsageEntry[] = [];

before(async () => {
  emulator = await startEmulator({
    tenants: ['acme'],
    v8Tenants: [{ name: 'acmev8', migratedFrom: 'acme' }],
  });
});
after(() => emulator.stop());

// The configuration: the only thing that changes between the two platforms.
function connect(tenant: string, platform: CampaignPlatform): CampaignClient {
  const { credentials } = emulator;
  const auth = createOAuthServerToServerAuth({
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    orgId: credentials.orgId,
    scopes: credentials.scopes,
    imsUrl: emulator.imsUrl,
  });
  return createCampaignClient({
    auth,
    tenant,
    baseUrl: emulator.baseUrl,
    platform,
    // the "Filter name in REST API" the v8 administrator gave each custom filter
    customFilterNames: { cusLoyalty: { byTier: 'loyaltyTier' } },
    middleware: [usageLog((entry) => calls.push(entry))],
  });
}

// The integration: no PKey stored, records found by a business key.
async function goldMembers(client: CampaignClient, email: string) {
  const profile = await client.profiles.findByKey({ email });
  if (!profile) throw new Error(`no profile ${email}`);
  await client.profiles.update(profile.PKey, { firstName: profile.firstName ?? '' });
  const loyalty = client.customResources('cusLoyalty', { linkedToProfile: true });
  let gold = 0;
  for await (const _record of loyalty.list({ customFilters: { byTier: { tier_parameter: 'gold' } } })) gold++;
  return { PKey: profile.PKey, gold };
}

test('the same code runs on both platforms', async () => {
  const standard = connect('acme', 'campaign-standard');
  const [first] = (await standard.profiles.list({ pageSize: 1 }).pages().next()).value?.items ?? [];
  const email = first?.email ?? '';
  const before = await goldMembers(standard, email);
  const after = await goldMembers(connect('acmev8', 'campaign-v8'), email);
  assert.equal(after.gold, before.gold);
  assert.notEqual(after.PKey, before.PKey); // PKeys differ: never store them
});

test('an API Campaign v8 does not offer is refused before anything is sent', async () => {
  const v8 = connect('acmev8', 'campaign-v8');
  await assert.rejects(
    v8.orgUnits.list().count(),
    (error) => isCampaignSdkError(error, 'ERR_UNAVAILABLE_API') && error.hint !== undefined,
  );
});

test('nothing the integration calls blocks on Campaign v8', async () => {
  const report = await checkStandardToV8({
    standard: connect('acme', 'campaign-standard'),
    v8: connect('acmev8', 'campaign-standard'), // asks the v8 tenant itself
    usage: calls.slice(), // the calls of the tests above
    customFilterNames: { cusLoyalty: { byTier: 'loyaltyTier' } },
  });
  const blocking = report.findings.filter((finding) => finding.blocking);
  assert.deepEqual(blocking, []);
});
