// Subscribes the profiles of an NDJSON file ({"email": …} per line) to a service, each once:
// a profile already subscribed costs no write, an address without a profile is refused.
// Usage: node bulk-subscribe.js SVC1 people.ndjson
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { readNdjson, subscribeRecords } from '@campaign-standard/bulk';
import { createCampaignClient } from '@campaign-standard/client';

const client = createCampaignClient({
  auth: fromEnvironment(),
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
  retry: { statusCodes: [503, 504] },
});

const [service, file] = process.argv.slice(2) as [string, string];
const result = await subscribeRecords({ client, service, source: readNdjson(file), resume: true });
const { subscribed, unchanged, refused } = result.counts;
console.log(`${service}: ${subscribed} subscribed, ${unchanged} already subscribed, ${refused} refused`);
