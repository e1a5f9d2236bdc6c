import { ApiError, UnavailableApiError, UnexpectedResponseError } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CampaignClient,
  type CampaignPlatform,
  checkStandardToV8,
  createCampaignClient,
  customFilterName,
  parseUsageLog,
  type UsageEntry,
  usageLog,
  v8ApiOf,
} from '../src/index.js';
import { collect, emulatorAuth } from './helpers.js';

// The same consumer code against a Campaign Standard tenant and the Campaign v8 tenant migrated from
// it, in one emulator, changing only the configuration (docs/campaign-v8.md lists the differences).

let emulator: Emulator;
const sent: string[] = [];
const FILTER_NAMES = { cusLoyalty: { byTier: 'loyaltyTier' }, cusStore: { byCity: 'storeCity' } } as const;

function clientFor(platform: CampaignPlatform, extra: { middleware?: ReturnType<typeof usageLog>[] } = {}) {
  return createCampaignClient({
    auth: emulatorAuth(emulator),
    tenant: platform === 'campaign-v8' ? 'acmev8' : 'acme',
    baseUrl: emulator.baseUrl,
    platform,
    customFilterNames: FILTER_NAMES,
    fetch: async (input, init) => {
      sent.push(
        `${init?.method ?? 'GET'} ${new URL(String(input instanceof Request ? input.url : input)).pathname}`,
      );
      return fetch(input, init);
    },
    ...extra,
  });
}

beforeAll(async () => {
  emulator = await startEmulator({
    tenants: ['acme'],
    profiles: 12,
    seed: 5,
    v8Tenants: [{ name: 'acmev8', migratedFrom: 'acme' }],
  });
});
afterAll(async () => {
  await emulator?.stop();
});

/** An integration as a user writes it: nothing in it knows the platform. */
async function integration(client: CampaignClient) {
  const [first] = await collect(client.profiles.list({ pageSize: 1 }));
  const profile = await client.profiles.findByKey({ email: first!.email! });
  const unknown = await client.profiles.findByKey({ email: 'nobody@example.invalid' });
  const unchanged = await client.profiles.update(profile!.PKey, {});
  const loyalty = client.customResources('cusLoyalty', { linkedToProfile: true });
  const gold = await collect(loyalty.list({ customFilters: { byTier: { tier_parameter: 'gold' } } }));
  const goldByRestName = await collect(
    loyalty.list({ customFilters: { loyaltyTier: { tier_parameter: 'gold' } } }),
  );
  const stores = client.customResources('cusStore');
  const lyon = await collect(stores.list({ customFilters: { byCity: { city_parameter: 'Lyon' } } }));
  return { profile: profile!, unknown, unchanged, gold, goldByRestName, lyon };
}

describe('the same code on Campaign Standard and Campaign v8', () => {
  it('gives the same records by business key and filter, each platform with its own PKeys', async () => {
    const std = await integration(clientFor('campaign-standard'));
    const v8 = await integration(clientFor('campaign-v8'));
    expect(v8.profile.email).toBe(std.profile.email);
    expect(v8.profile.PKey).not.toBe(std.profile.PKey);
    expect(std.unknown).toBeUndefined();
    expect(v8.unknown).toBeUndefined();
    // v8 answers a PATCH without changes 204 with no body; the client gives the same result shape
    expect(std.unchanged).toMatchObject({ PKey: std.profile.PKey });
    expect(v8.unchanged).toEqual({
      PKey: v8.profile.PKey,
      href: expect.stringContaining('/acmev8/campaign/'),
    });
    expect(std.gold.length).toBeGreaterThan(0);
    for (const side of [std, v8]) {
      expect(side.gold.map((r) => r.tier)).toEqual(std.gold.map(() => 'gold'));
      expect(side.goldByRestName).toHaveLength(std.gold.length);
      expect(side.lyon.every((r) => r.city === 'Lyon')).toBe(true);
      expect(side.lyon).toHaveLength(std.lyon.length);
    }
  });

  it('sends a custom filter by the platform’s name, given either name', async () => {
    sent.length = 0;
    const v8 = clientFor('campaign-v8').customResources('cusLoyalty', { linkedToProfile: true });
    await collect(v8.list({ customFilters: { byTier: { tier_parameter: 'gold' } } }));
    const std = clientFor('campaign-standard').customResources('cusLoyalty', { linkedToProfile: true });
    await collect(std.list({ customFilters: { loyaltyTier: { tier_parameter: 'gold' } } }));
    expect(sent).toEqual([
      'GET /acmev8/campaign/profileAndServicesExt/cusLoyalty/loyaltyTier',
      'GET /acme/campaign/profileAndServicesExt/cusLoyalty/byTier',
    ]);
    // without a listed name, by rule
    expect(customFilterName('campaign-v8', 'cusX', 'byAmount')).toBe('amount');
    expect(customFilterName('campaign-standard', 'cusX', 'amount')).toBe('byAmount');
    expect(customFilterName('campaign-v8', 'cusX', 'byCRMId')).toBe('CRMId');
    expect(customFilterName('campaign-v8', 'cusLoyalty', 'byTier', FILTER_NAMES)).toBe('loyaltyTier');
    expect(customFilterName('campaign-standard', 'cusLoyalty', 'loyaltyTier', FILTER_NAMES)).toBe('byTier');
  });

  it('finds a record by a custom resource’s filter on both platforms', async () => {
    const std = clientFor('campaign-standard').customResources('cusStore');
    const v8 = clientFor('campaign-v8').customResources('cusStore');
    const created = await std.create({ name: 'Only store', city: 'Quimper-v8-test' });
    const key = { city_parameter: 'Quimper-v8-test' };
    const [before, after] = [await std.findByKey('byCity', key), await v8.findByKey('byCity', key)];
    expect(before).toMatchObject({ PKey: created.PKey, name: 'Only store' });
    expect(after).toMatchObject({ name: 'Only store' });
    expect(after!.PKey).not.toBe(created.PKey);
    await expect(v8.findByKey('storeCity', { city_parameter: 'nowhere' })).resolves.toBeUndefined();
  });

  it('refuses a business key that names several records', async () => {
    const client = clientFor('campaign-standard');
    await client.profiles.create({ email: 'twice@example.com', lastName: 'One' });
    await client.profiles.create({ email: 'twice@example.com', lastName: 'Two' });
    for (const platform of ['campaign-standard', 'campaign-v8'] as const) {
      const error = await clientFor(platform)
        .profiles.findByKey({ email: 'twice@example.com' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect((error as Error).message).toContain('more than one record');
    }
  });
});

describe('APIs Campaign v8 does not offer', () => {
  it('are refused before anything is sent, with a typed error naming the API, what to do and the page', async () => {
    const v8 = clientFor('campaign-v8');
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['marketingHistory', () => v8.history.get('@x')],
      ['organizationalUnits', () => collect(v8.orgUnits.list())],
      ['privacyManagement', () => collect(v8.privacy.list())],
      ['transactionalMessages', () => v8.events.send('EVTwelcome', { email: 'a@example.com', ctx: {} })],
      ['marketingHistory', () => v8.request('GET', '/profileAndServices/resourceType/history')],
      ['organizationalUnits', () => v8.GET('/profileAndServicesExt/orgUnitBase')],
      ['privacyManagement', () => v8.metadata.get('privacyTool', { family: 'privacy' as never })],
    ];
    for (const [api, call] of calls) {
      sent.length = 0;
      const error = await call().catch((e: unknown) => e);
      expect(error, api).toBeInstanceOf(UnavailableApiError);
      expect(error).toMatchObject({
        code: 'ERR_UNAVAILABLE_API',
        api,
        platform: 'campaign-v8',
        source: expect.stringContaining('experience-cloud/campaign/apis/limitations'),
      });
      expect((error as UnavailableApiError).hint).toBe((error as UnavailableApiError).instead);
      expect((error as Error).message).toContain('not available on campaign-v8');
      expect(sent).toEqual([]);
    }
  });

  it('are called as before on Campaign Standard', async () => {
    const std = clientFor('campaign-standard');
    await expect(collect(std.orgUnits.list())).resolves.not.toHaveLength(0);
    await expect(std.request('GET', '/profileAndServices/resourceType/history')).resolves.toMatchObject({
      error: undefined,
    });
  });

  it('are told apart by path', () => {
    expect(v8ApiOf('/profileAndServices/history/@a/events')).toBe('marketingHistory');
    expect(v8ApiOf('/profileAndServicesExt/orgUnitBase/@a')).toBe('organizationalUnits');
    expect(v8ApiOf('/privacy/privacyTool')).toBe('privacyManagement');
    expect(v8ApiOf('/mcAcme/EVTx')).toBe('transactionalMessages');
    expect(v8ApiOf('/profileAndServices/profile/byEmail')).toBeUndefined();
    expect(v8ApiOf('/workflow/execution/WKF1')).toBeUndefined();
  });
});

describe('answers that differ', () => {
  it('a stored Campaign Standard PKey on v8: 404 with a hint to find the record by a business key', async () => {
    const [profile] = await collect(clientFor('campaign-standard').profiles.list({ pageSize: 1 }));
    const error = await clientFor('campaign-v8')
      .profiles.get(profile!.PKey)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404 });
    expect((error as ApiError).message).toContain('Unable to decrypt PKey');
    expect((error as ApiError).hint).toContain('findByKey');
  });

  it('v8 error texts come back as ApiError without a Campaign code', async () => {
    const error = await clientFor('campaign-v8')
      .profiles.create({ email: 'x@example.com', gender: 'invalid' as never })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(500);
    expect((error as ApiError).errorCode).toBeUndefined();
    expect((error as ApiError).message).toContain('An error has occurred');
  });

  it('bodies v8 refuses: a link given as fields, a PATCH of location; dropped fields read blank', async () => {
    const body = { tier: 'silver', profile: { email: 'someone@example.com' } };
    const std = clientFor('campaign-standard');
    const v8 = clientFor('campaign-v8');
    const created = await std.customResources('cusLoyalty', { linkedToProfile: true }).create(body as never);
    expect(created.profile).toEqual({});
    const refused = await v8
      .customResources('cusLoyalty', { linkedToProfile: true })
      .create(body as never)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 500, errorCode: undefined });

    const [profile] = await collect(std.profiles.list({ pageSize: 1 }));
    await std.profiles.update(profile!.PKey, { fax: '+33 1 23 45 67 89', location: { zipCode: '75001' } });
    const twin = (await v8.profiles.findByKey({ email: profile!.email! }))!;
    expect(twin.fax).toBe('');
    expect((await std.profiles.get(profile!.PKey)).fax).toBe('+33 1 23 45 67 89');
    const patched = await v8.profiles
      .update(twin.PKey, { location: { zipCode: '75002' } })
      .catch((e: unknown) => e);
    expect(patched).toMatchObject({
      status: 500,
      message: expect.stringContaining("'zipCode' property is not valid"),
    });
    // the time zone: on the extended profile only, on v8
    expect('timeZone' in (await std.profiles.get(profile!.PKey))).toBe(true);
    expect('timeZone' in (await v8.profiles.get(twin.PKey))).toBe(false);
    expect('timeZone' in (await v8.profiles.get(twin.PKey, { ext: true }))).toBe(true);
  });

  it('the option is checked', () => {
    expect(() =>
      createCampaignClient({
        auth: emulatorAuth(emulator),
        tenant: 'acme',
        platform: 'campaign-v7' as never,
      }),
    ).toThrow(/platform/);
    expect(createCampaignClient({ auth: emulatorAuth(emulator), tenant: 'acme' }).platform).toBe(
      'campaign-standard',
    );
  });
});

describe('usage log and the Standard -> v8 check', () => {
  it('records each call once, names only, and reads back', async () => {
    const entries: UsageEntry[] = [];
    const client = clientFor('campaign-standard', { middleware: [usageLog((e) => entries.push(e))] });
    const created = await client.profiles.create({
      email: 'usage@example.com',
      location: { city: 'Paris', zipCode: '75001' },
    });
    await client.profiles.update(created.PKey, { location: { zipCode: '75002' } });
    await collect(
      client
        .customResources('cusLoyalty', { linkedToProfile: true })
        .list({ customFilters: { byTier: { tier_parameter: 'gold' } } }),
    );
    const text = entries.map((e) => JSON.stringify(e)).join('\n');
    expect(text).not.toContain('usage@example.com');
    expect(text).not.toContain('75002');
    expect(parseUsageLog(`${text}\n\n`)).toEqual([
      {
        v: 1,
        method: 'POST',
        path: '/profileAndServices/profile',
        query: [],
        status: 201,
        fields: ['email', 'location'],
        objects: { location: ['city', 'zipCode'] },
      },
      {
        v: 1,
        method: 'PATCH',
        path: '/profileAndServices/profile/{PKey}',
        query: [],
        status: 200,
        fields: ['location'],
        objects: { location: ['zipCode'] },
      },
      {
        v: 1,
        method: 'GET',
        path: '/profileAndServicesExt/cusLoyalty/byTier',
        query: ['tier_parameter', '_forcePagination'],
        status: 200,
      },
    ]);
    expect(() => parseUsageLog('{"v":2}')).toThrow(/line 1/);
  });

  it('finds every incompatibility of the prepared pair, and nothing else', async () => {
    const std = clientFor('campaign-standard');
    const [a, b] = await collect(std.profiles.list({ pageSize: 2 }));
    await std.profiles.update(a!.PKey, { fax: '+33 1 00 00 00 00', thumbnail: 'https://example.com/a.png' });
    await std.profiles.update(b!.PKey, { fax: '+33 1 00 00 00 01' });
    const report = await checkStandardToV8({
      standard: createCampaignClient({
        auth: emulatorAuth(emulator),
        tenant: 'acme',
        baseUrl: emulator.baseUrl,
      }),
      v8: createCampaignClient({ auth: emulatorAuth(emulator), tenant: 'acmev8', baseUrl: emulator.baseUrl }),
      sample: 5,
    });
    expect(report.blocking).toBe(true);
    expect(report.findings.map((f) => [f.id, f.blocking, f.evidence])).toEqual([
      ['custom-filter:cusLoyalty.byTier', true, 'tenants'],
      ['custom-filter:cusStore.byCity', true, 'tenants'],
      ['custom-filter:cusVehicle.byFuel', true, 'tenants'],
      ['custom-filter:cusVehicle.byYearRange', true, 'tenants'],
      ['custom-filter:profile.bySegment', true, 'tenants'],
      ['dropped-field:profile.fax', false, 'tenants'],
      ['dropped-field:profile.thumbnail', false, 'tenants'],
      ['missing-field:profileAndServices/profile.timeZone', true, 'tenants'],
      ['pkeys:PKey', false, 'tenants'],
      ['unavailable-api:marketingHistory', true, 'tenants'],
      ['unavailable-api:organizationalUnits', true, 'tenants'],
      ['unavailable-api:privacyManagement', true, 'tenants'],
      ['unavailable-api:transactionalMessages', true, 'documented'],
    ]);
    const filter = report.findings.find((f) => f.id === 'custom-filter:cusLoyalty.byTier')!;
    expect(filter.problem).toContain('loyaltyTier');
    expect(filter.fix).toContain("customFilterNames: { cusLoyalty: { byTier: 'loyaltyTier' } }");
    // two new filters on cusVehicle: each paired by its parameters
    expect(report.findings.find((f) => f.id === 'custom-filter:cusVehicle.byYearRange')!.fix).toContain(
      "byYearRange: 'vehicleYears'",
    );
    expect(report.findings.find((f) => f.kind === 'missing-field')!.fix).toContain('profileAndServicesExt');

    // with the REST names known to the client, the filters no longer block
    const known = await checkStandardToV8({
      standard: std,
      v8: createCampaignClient({ auth: emulatorAuth(emulator), tenant: 'acmev8', baseUrl: emulator.baseUrl }),
      customFilterNames: {
        ...FILTER_NAMES,
        cusVehicle: { byFuel: 'vehicleFuel', byYearRange: 'vehicleYears' },
        profile: { bySegment: 'profileSegment' },
      },
      sample: 5,
    });
    expect(known.findings.some((f) => f.kind === 'auth')).toBe(false);
    expect(known.findings.filter((f) => f.kind === 'custom-filter').map((f) => f.blocking)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('reports a JWT credential on either tenant', async () => {
    const report = await checkStandardToV8({
      standard: clientFor('campaign-standard'),
      usage: [],
      authKinds: { standard: 'jwt', v8: 'oauth-server-to-server' },
    });
    expect(report.findings.map((f) => [f.id, f.blocking])).toEqual([['auth:jwt', true]]);
    expect(report.findings[0]!.problem).toContain('The standard tenant');
  });

  it('with a usage log, reports only what the calls rely on', async () => {
    const usage = parseUsageLog(
      [
        { v: 1, method: 'GET', path: '/profileAndServices/profile/byEmail', query: ['email'], status: 200 },
        {
          v: 1,
          method: 'PATCH',
          path: '/profileAndServices/profile/{PKey}',
          query: [],
          status: 200,
          fields: ['location'],
          objects: { location: ['zipCode'] },
        },
        {
          v: 1,
          method: 'PATCH',
          path: '/profileAndServices/profile/{PKey}',
          query: [],
          status: 200,
          fields: [],
        },
        {
          v: 1,
          method: 'POST',
          path: '/profileAndServicesExt/cusLoyalty',
          query: [],
          status: 201,
          fields: ['tier', 'profile'],
          objects: { profile: ['email'] },
        },
        {
          v: 1,
          method: 'GET',
          path: '/profileAndServicesExt/cusLoyalty/byTier',
          query: ['tier_parameter'],
          status: 200,
        },
        {
          v: 1,
          method: 'GET',
          path: '/profileAndServicesExt/cusLoyalty/byTier',
          query: ['tier_parameter'],
          status: 200,
        },
        { v: 1, method: 'GET', path: '/privacy/privacyTool', query: [], status: 200 },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    const report = await checkStandardToV8({ standard: clientFor('campaign-standard'), usage });
    expect(report.findings.map((f) => [f.id, f.blocking, f.calls])).toEqual([
      ['custom-filter:cusLoyalty.byTier', true, 2],
      ['empty-patch:PATCH /profileAndServices/profile/{PKey}', false, 1],
      ['linked-post:POST /profileAndServicesExt/cusLoyalty profile', true, 1],
      ['patch-element:PATCH /profileAndServices/profile/{PKey} location', true, 1],
      ['pkeys:PKey', false, 2],
      ['unavailable-api:privacyManagement', true, 1],
    ]);
  });
});
