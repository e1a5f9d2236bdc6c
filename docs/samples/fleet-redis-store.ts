import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';
import { createRedisTokenStore } from '@campaign-standard/token-store-redis';

const store = createRedisTokenStore({
  url: process.env.REDIS_URL!, // redis://… or rediss://…
  secret: process.env.ACS_CLIENT_SECRET!, // the same value in every process
});
const auth = fromEnvironment(process.env, { store });
const campaign = createCampaignClient({
  auth,
  tenant: process.env.ACS_TENANT!,
  baseUrl: process.env.ACS_BASE_URL, // unset: https://mc.adobe.io
});
console.log(`profiles: ${await campaign.profiles.list().count()}`);
await store.close();
