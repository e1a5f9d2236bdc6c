// Step "verify" of the migration: IMS issues a token to the OAuth Server-to-Server credential,
// and Campaign accepts it.
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';

const auth = fromEnvironment();
const { expiresOnTimestamp } = await auth.getToken();
console.log(
  `IMS issued a token to ${auth.clientId}, valid until ${new Date(expiresOnTimestamp).toISOString()}`,
);

const client = createCampaignClient({
  auth,
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
});
const { data, error } = await client.GET('/profileAndServices/profile', {
  params: { query: { _lineCount: 1 } },
});
if (error) throw error;
console.log(`Campaign accepted it: ${data.content.length} profile on the first page`);
