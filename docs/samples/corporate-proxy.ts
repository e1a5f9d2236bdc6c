import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';
import { createProxyFetch } from '@campaign-standard/proxy';

// HTTPS_PROXY=http://user:p%40ssword@proxy.corp.example:3128
// NO_PROXY=localhost,127.0.0.1,.corp.example
const fetch = createProxyFetch();
const auth = fromEnvironment(process.env, { fetch });
const campaign = createCampaignClient({
  auth,
  tenant: process.env.ACS_TENANT!,
  fetch,
  baseUrl: process.env.ACS_BASE_URL, // unset: https://mc.adobe.io
});
console.log(`profiles: ${await campaign.profiles.list().count()}`);
