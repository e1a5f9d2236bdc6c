// Custom resources and the profile extension, typed by the module `acs types generate` wrote
// (./campaign-schema.ts): resource names, fields, enumerations and filters are checked by tsc.
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';
import { campaignSchema } from './campaign-schema.js';

const client = createCampaignClient({
  auth: fromEnvironment(),
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
  schema: campaignSchema,
});

// Profiles come from the extended family, with the tenant's cus* fields typed.
const [first] = (await client.profiles.list({ pageSize: 1 }).pages().next()).value?.items ?? [];
if (!first) throw new Error('no profile');
console.log(`${first.email}: segment ${first.cusSegment}, score ${first.cusScore}, VIP ${first.cusVip}`);
await client.profiles.update(first.PKey, { cusSegment: 'vip' }); // 'gold' would not compile
const vips = client.profiles.list({ customFilters: { bySegment: { segment_parameter: 'vip' } } });
console.log(`${await vips.count()} profiles in the vip segment`);

// An unlinked custom resource: its mandatory plate is required, its fuel is one of four values,
// its dealer a link set by PKey.
const stores = client.customResources('cusStore');
const [store] = (await stores.list({ pageSize: 1 }).pages().next()).value?.items ?? [];
const vehicles = client.customResources('cusVehicle');
const created = await vehicles.create({
  plate: 'EV-2024-01',
  make: 'Renault',
  model: 'Zoe',
  fuel: 'electric',
  year: 2024,
  ...(store ? { dealer: { PKey: store.PKey } } : {}),
});
console.log(`created ${created.plate}, sold by ${created.dealer.title ?? 'nobody'}`);

// Custom filters and their parameters, typed too.
let electric = 0;
for await (const vehicle of vehicles.list({ customFilters: { byFuel: { fuel_parameter: 'electric' } } })) {
  if (vehicle.fuel === 'electric') electric++;
}
const recent = await vehicles.list({ customFilters: { byYearRange: { from_parameter: 2020 } } }).count();
console.log(`${electric} electric vehicles, ${recent} from 2020 on`);
await vehicles.delete(created.PKey);
