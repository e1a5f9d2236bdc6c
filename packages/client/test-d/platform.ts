// Compiled by `pnpm typecheck` (never run): the Campaign v8 options and helpers. Each
// `@ts-expect-error` fails the build if the line below it compiles.
import {
  type AuthStrategy,
  type ErrorCode,
  isCampaignSdkError,
  type UnavailableApiError,
} from '@campaign-standard/core';
import {
  type CampaignPlatform,
  type CampaignV8Api,
  type CustomResourceRecord,
  checkStandardToV8,
  createCampaignClient,
  type Profile,
  type UsageEntry,
  usageLog,
  type V8Report,
} from '../src/index.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

declare const auth: AuthStrategy;

assertType<Equals<CampaignPlatform, 'campaign-standard' | 'campaign-v8'>>();
assertType<
  Equals<
    CampaignV8Api,
    'transactionalMessages' | 'marketingHistory' | 'organizationalUnits' | 'privacyManagement'
  >
>();
assertType<'ERR_UNAVAILABLE_API' extends ErrorCode ? true : false>();

const v8 = createCampaignClient({
  auth,
  tenant: 'acmev8',
  platform: 'campaign-v8',
  customFilterNames: { cusLoyalty: { byTier: 'loyaltyTier' } },
  middleware: [usageLog((entry: UsageEntry) => void entry.path)],
});
assertType<Equals<typeof v8.platform, CampaignPlatform>>();
// @ts-expect-error: not a platform
createCampaignClient({ auth, tenant: 'acme', platform: 'campaign-classic' });
// @ts-expect-error: a Standard name of a custom filter starts with `by`
createCampaignClient({ auth, tenant: 'acme', customFilterNames: { cusLoyalty: { tier: 'loyaltyTier' } } });

export async function helpers(): Promise<void> {
  assertType<Equals<Awaited<ReturnType<typeof v8.profiles.findByKey>>, Profile | undefined>>();
  await v8.profiles.findByKey({ email: 'a@example.com' });
  await v8.profiles.findByKey({ customKey: 'CRM-1' });
  await v8.profiles.findByKey({ filter: 'byCrmId', params: { crmId_parameter: 'CRM-1' } });
  // @ts-expect-error: a business key is an email, a custom key or a filter with its parameters
  await v8.profiles.findByKey({ PKey: '@a' });
  const found = await v8
    .customResources<CustomResourceRecord & { tier: string }>('cusLoyalty')
    .findByKey('loyaltyTier', { tier_parameter: 'gold' });
  assertType<Equals<typeof found, (CustomResourceRecord & { tier: string }) | undefined>>();
  // either name of a custom filter
  v8.customResources('cusLoyalty', { linkedToProfile: true }).list({
    customFilters: { loyaltyTier: { tier_parameter: 'gold' } },
  });

  const report = await checkStandardToV8({ standard: v8, v8, usage: [] });
  assertType<Equals<typeof report, V8Report>>();
  // @ts-expect-error: the Standard tenant's client is required
  await checkStandardToV8({ v8 });
}

export function narrowing(error: unknown): string | undefined {
  if (isCampaignSdkError(error, 'ERR_UNAVAILABLE_API')) {
    const unavailable = error as UnavailableApiError;
    return `${unavailable.api}: ${unavailable.instead} (${unavailable.source})`;
  }
  return undefined;
}
