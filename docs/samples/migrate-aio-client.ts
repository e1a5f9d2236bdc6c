// Step 2: the same work on @campaign-standard/client, function by function. `campaign.client`
// of the compat layer is this client, so both styles can live in one program while you move.
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';
import { ApiError } from '@campaign-standard/core';

const client = createCampaignClient({
  auth: fromEnvironment(),
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
});

// getAllProfiles({ lineCount, order, descendingSort }) + getDataFromRelativeUrl(next.href):
let profiles = 0;
for await (const profile of client.profiles.list({
  pageSize: 5,
  order: { field: 'email', direction: 'desc' },
})) {
  if (profiles === 0) console.log(`last email: ${profile.email}`);
  profiles++;
}
console.log(`profiles, page by page: ${profiles}`);

// getAllServices({ filters: ['byChannel', 'byText'], channel, text }):
const sport = client.services.list({
  filters: { byChannel: { channel: 'email' }, byText: { text: 'Sport' } },
});
for await (const service of sport) console.log(`service: ${service.label}`);

// getWorkflow(id), rejecting with ERROR_GET_WORKFLOW: a thrown ApiError with the status.
try {
  await client.workflows.get('WKF404');
} catch (error) {
  if (!(error instanceof ApiError)) throw error;
  console.log(`${error.code} (${error.status})`);
}
