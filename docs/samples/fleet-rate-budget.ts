// Ordinary calls of one service, drawing from the organization's budget that every process of
// every service shares through Redis: a 429 any of them sees pauses them all.
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';
import { createRateBudget } from '@campaign-standard/fleet/rate-budget';

const auth = fromEnvironment();
const budget = createRateBudget({
  redis: process.env.REDIS_URL!, // the same Redis for every process of every service
  orgId: auth.orgId,
  tenant: process.env.ACS_TENANT!,
  requestsPerSecond: Number(process.env.ACS_REQUESTS_PER_SECOND ?? 20), // the organization's budget
});
const campaign = createCampaignClient({
  auth,
  tenant: process.env.ACS_TENANT!,
  baseUrl: process.env.ACS_BASE_URL, // unset: https://mc.adobe.io
  ...budget.clientOptions({ auth }),
});
for (let i = 0; i < 5; i++) await campaign.profiles.list({ pageSize: 1 }).pages().next();
const { acquired, local } = budget.stats();
console.log(`calls drawn from the budget: ${acquired}, counted locally: ${local}`);
await budget.close();
