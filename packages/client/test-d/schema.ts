// Compiled by `pnpm typecheck` (never run): a client created with a schema generated from the
// emulator (`test/fixtures/emulator-schema.ts`, kept equal to a fresh generation by
// test/typegen.test.ts) types profiles, custom resources, bodies, filters and enumerations.
// Each `@ts-expect-error` fails the build if the line below it compiles.
import type { AuthStrategy } from '@campaign-standard/core';
import {
  type CampaignClient,
  type CustomResourceRecord,
  createCampaignClient,
  type PatchResult,
  type Profile,
  type TypedCampaignClient,
} from '../src/index.js';
import {
  type CampaignSchema,
  type CusVehicleRecord,
  campaignSchema,
  type ProfileRecord,
} from '../test/fixtures/emulator-schema.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

declare const auth: AuthStrategy;
const client = createCampaignClient({ auth, tenant: 'acme', schema: campaignSchema });
assertType<Equals<typeof client, TypedCampaignClient<CampaignSchema>>>();
// The generic may be given too.
const explicit: TypedCampaignClient<CampaignSchema> = createCampaignClient<CampaignSchema>({
  auth,
  tenant: 'acme',
  schema: campaignSchema,
});
void explicit;

export async function profiles(): Promise<void> {
  const profile = await client.profiles.get('@p');
  assertType<Equals<typeof profile, ProfileRecord>>();
  // The extension's fields, typed by kind; enumerations are unions of their values.
  const vip: boolean = profile.cusVip;
  const score: number = profile.cusScore;
  assertType<Equals<typeof profile.cusSegment, 'churned' | 'customer' | 'prospect' | 'vip'>>();
  void [vip, score];
  // Fields of Adobe's profile keep their types.
  const email: Profile['email'] = profile.email;
  void email;

  await client.profiles.create({ email: 'a@b.c', cusSegment: 'vip', cusScore: 3 });
  const patched = await client.profiles.update('@p', { cusVip: true });
  assertType<Equals<typeof patched, PatchResult>>();
  // @ts-expect-error: not a value of the enumeration
  await client.profiles.update('@p', { cusSegment: 'gold' });
  // @ts-expect-error: read-only field (cusLastVisit)
  await client.profiles.update('@p', { cusLastVisit: '2026-01-01 00:00:00.000Z' });
  // @ts-expect-error: read-only field (age)
  await client.profiles.create({ email: 'a@b.c', age: 3 });
  // @ts-expect-error: a field the tenant does not have
  await client.profiles.create({ email: 'a@b.c', cusShoeSize: 42 });
  // @ts-expect-error: wrong kind of value
  await client.profiles.update('@p', { cusScore: 'high' });

  // The extension's custom filter, its parameters typed; built-in filters as before.
  const vips = client.profiles.list({
    filters: { byText: { text: 'jo' } },
    customFilters: { bySegment: { segment_parameter: 'vip', minScore_parameter: 500 } },
  });
  for await (const p of vips) {
    assertType<Equals<typeof p, ProfileRecord>>();
  }
  // @ts-expect-error: not a value of the parameter's enumeration
  client.profiles.list({ customFilters: { bySegment: { segment_parameter: 'gold' } } });
  client.profiles.list({
    // @ts-expect-error: a number parameter
    customFilters: { bySegment: { segment_parameter: 'vip', minScore_parameter: 'high' } },
  });
  // @ts-expect-error: a filter the profile does not have
  client.profiles.list({ customFilters: { byShoeSize: { size: 42 } } });
}

export async function customResources(): Promise<void> {
  const vehicles = client.customResources('cusVehicle');
  const vehicle = await vehicles.get('@v');
  assertType<Equals<typeof vehicle, CusVehicleRecord>>();
  assertType<Equals<typeof vehicle.fuel, 'diesel' | 'electric' | 'hybrid' | 'petrol'>>();
  const dealer: string | undefined = vehicle.dealer.PKey;
  const year: number = vehicle.year;
  void [dealer, year];

  // The mandatory plate is required on create, optional on update; links are set by PKey.
  await vehicles.create({ plate: 'AB-123-CD', fuel: 'electric', dealer: { PKey: '@s' } });
  await vehicles.update('@v', { mileage: 12.5 });
  // @ts-expect-error: the mandatory field is missing
  await vehicles.create({ fuel: 'electric' });
  // @ts-expect-error: not a value of the enumeration
  await vehicles.create({ plate: 'X', fuel: 'steam' });
  // @ts-expect-error: read-only field
  await vehicles.update('@v', { created: '2026-01-01 00:00:00.000Z' });
  // @ts-expect-error: a field the resource does not have
  await vehicles.update('@v', { color: 'red' });
  // @ts-expect-error: a link is set by its PKey
  await vehicles.update('@v', { dealer: 'store1' });

  // Custom filters and their parameters.
  vehicles.list({ customFilters: { byFuel: { fuel_parameter: 'hybrid' } } });
  vehicles.list({ customFilters: { byYearRange: { from_parameter: 2015 } } });
  // @ts-expect-error: not a value of the parameter's enumeration
  vehicles.list({ customFilters: { byFuel: { fuel_parameter: 'steam' } } });
  // @ts-expect-error: the filter's mandatory parameter is missing
  vehicles.list({ customFilters: { byFuel: {} } });
  // @ts-expect-error: a parameter the filter does not have
  vehicles.list({ customFilters: { byYearRange: { since_parameter: 2015 } } });
  // @ts-expect-error: a filter of another resource
  vehicles.list({ customFilters: { byTier: { tier_parameter: 'gold' } } });

  const loyalty = await client.customResources('cusLoyalty').get('@l');
  assertType<Equals<typeof loyalty.tier, 'bronze' | 'gold' | 'silver'>>();
  // @ts-expect-error: not a custom resource of the tenant
  client.customResources('cusBoat');
  // @ts-expect-error: the family comes from the schema
  client.customResources('cusLoyalty', { linkedToProfile: true });
}

export function withoutSchema(): void {
  // Without a schema, the client is what it was: any resource name, open records.
  const plain = createCampaignClient({ auth, tenant: 'acme' });
  assertType<Equals<typeof plain, CampaignClient>>();
  const any = plain.customResources('cusAnything', { linkedToProfile: true });
  void any.create({ whatever: 1 });
  assertType<Equals<Awaited<ReturnType<typeof any.get>>, CustomResourceRecord>>();
  // @ts-expect-error: a schema is needed to give the schema's type
  createCampaignClient<CampaignSchema>({ auth, tenant: 'acme' });
}
