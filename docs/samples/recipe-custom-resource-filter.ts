// Pages through a custom resource with a custom filter defined in Campaign: the records of the
// `cusLoyalty` resource (linked to profiles) of one tier, through its filter `byTier`.
// Usage: node recipe-custom-resource-filter.js gold [page size, 100 by default]
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { type CustomResourceRecord, createCampaignClient } from '@campaign-standard/client';

const client = createCampaignClient({
  auth: fromEnvironment(),
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
});

interface Loyalty extends CustomResourceRecord {
  tier: string;
  points: number;
}
const [tier = 'gold', pageSize = '100'] = process.argv.slice(2);
const loyalty = client.customResources<Loyalty>('cusLoyalty', { linkedToProfile: true });
const list = loyalty.list({
  customFilters: { byTier: { tier_parameter: tier } },
  pageSize: Number(pageSize),
});

let records = 0;
let points = 0;
for await (const page of list.pages()) {
  for (const record of page.items) {
    records++;
    points += record.points;
  }
  console.log(`page: ${page.items.length} records`);
}
console.log(`${records} ${tier} records, ${points} points in all`);
