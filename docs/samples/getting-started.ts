// Reads ACS_CLIENT_ID, ACS_CLIENT_SECRET, ACS_ORG_ID and ACS_SCOPES (plus ACS_IMS_URL and
// ACS_BASE_URL when you point it at the emulator), then reads a few profiles.
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';

const auth = fromEnvironment();
const client = createCampaignClient({
  auth,
  tenant: process.env.ACS_TENANT ?? 'acme',
  environment: process.env.ACS_ENVIRONMENT === 'stage' ? 'stage' : 'production',
  baseUrl: process.env.ACS_BASE_URL, // unset: https://mc.adobe.io
});

console.log(`authentication: ${auth.kind}, instance: ${client.instance.baseUrl}`);

let shown = 0;
for await (const profile of client.profiles.list({ pageSize: 5, order: { field: 'email' } })) {
  console.log(`- ${profile.email} (${profile.PKey})`);
  if (++shown === 5) break;
}
console.log(`profiles in total: ${await client.profiles.list().count()}`);
