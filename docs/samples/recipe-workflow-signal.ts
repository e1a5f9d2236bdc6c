// Triggers the external signal activity of a workflow, with parameters the activity declares.
// Usage: node recipe-workflow-signal.js WKF1 signal1
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';

const client = createCampaignClient({
  auth: fromEnvironment(),
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
});

const [workflowId, activity] = process.argv.slice(2) as [string, string];
await client.workflows.signal(workflowId, activity, {
  source: 'crm-nightly-sync',
  parameters: { audience: 'vip-customers', amount: 250, test: false },
});
console.log(`${workflowId}: ${activity} triggered`);
