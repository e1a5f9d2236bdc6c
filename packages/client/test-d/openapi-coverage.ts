// Compiled by `pnpm typecheck` (never run): the paths added so that the spec covers what Adobe
// documents (custom and chained filters, projections, counts, the privacy request read, history
// events, geographical units, data ingestion). Filter, projection and count paths are templates of
// their own, never the `{PKey}` one. Each `@ts-expect-error` fails the build if the line below compiles.
import type { AuthStrategy } from '@campaign-standard/core';
import {
  type CampaignClient,
  type CustomResourceRecord,
  createCampaignClient,
  type DataIngestionStatus,
  type DataIngestionSubmission,
  type FieldValue,
  type HistoryEvent,
  type PrivacyRequest,
  type Profile,
  type RecordList,
  type Service,
} from '../src/index.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

declare const auth: AuthStrategy;
const client: CampaignClient = createCampaignClient({ auth, tenant: 'acme' });

export async function valid(): Promise<void> {
  // custom filters on the extended family: `by{filterName}`, parameters spread from filterParameters
  const byAmount = await client.GET('/profileAndServicesExt/profile/by{filterName}', {
    params: { path: { filterName: 'Amount' }, query: { filterParameters: { amount_parameter: 100 } } },
  });
  if (byAmount.data) assertType<Equals<(typeof byAmount.data.content)[number], Profile>>();
  const byTier = await client.GET('/profileAndServicesExt/cus{resourceName}/by{filterName}', {
    params: {
      path: { resourceName: 'Loyalty', filterName: 'Tier' },
      query: { filterParameters: { tier_parameter: 'gold' }, _lineCount: 10 },
    },
  });
  if (byTier.data) assertType<Equals<(typeof byTier.data.content)[number], CustomResourceRecord>>();
  await client.GET('/customResources/cus{resourceName}/by{filterName}/_count', {
    params: {
      path: { resourceName: 'Store', filterName: 'City' },
      query: { filterParameters: { city_parameter: 'Paris' } },
    },
  });

  // chained filters
  const chained = await client.GET('/profileAndServices/service/byChannel/byText', {
    params: { query: { channel: 'email', text: 'sport' } },
  });
  if (chained.data) assertType<Equals<(typeof chained.data.content)[number], Service>>();

  // projection: bare values, not records
  const emails = await client.GET('/profileAndServices/profile/email', {
    params: { query: { _lineCount: 10 } },
  });
  if (emails.data) {
    assertType<Equals<typeof emails.data.content, string[]>>();
    const next: string | undefined = emails.data.next?.href;
    void next;
  }

  // counts
  const counts = [
    await client.GET('/profileAndServices/profile/_count'),
    await client.GET('/profileAndServices/profile/byEmail/_count', { params: { query: { email: 'a@b.c' } } }),
    await client.GET('/profileAndServices/profile/byText/_count', { params: { query: { text: 'Do' } } }),
    await client.GET('/profileAndServices/profile/email/_count'),
    await client.GET('/profileAndServices/profile/{PKey}/subscriptions/_count', {
      params: { path: { PKey: '@p' } },
    }),
    await client.GET('/profileAndServices/service/_count'),
    await client.GET('/profileAndServices/service/byChannel/_count', {
      params: { query: { channel: 'sms' } },
    }),
    await client.GET('/profileAndServices/service/byText/_count', { params: { query: { text: 'S' } } }),
    await client.GET('/profileAndServices/service/byChannel/byText/_count', {
      params: { query: { channel: 'email', text: 'sport' } },
    }),
    await client.GET('/profileAndServices/service/{PKey}/subscriptions/_count', {
      params: { path: { PKey: '@s' } },
    }),
    await client.GET('/profileAndServices/history/byEmail/_count', { params: { query: { email: 'a@b.c' } } }),
    await client.GET('/profileAndServices/history/{PKey}/events/_count', {
      params: { path: { PKey: '@p' } },
    }),
    await client.GET('/profileAndServicesExt/profile/_count'),
    await client.GET('/profileAndServicesExt/profile/by{filterName}/_count', {
      params: { path: { filterName: 'Amount' }, query: { filterParameters: { amount_parameter: 100 } } },
    }),
    await client.GET('/profileAndServicesExt/orgUnitBase/_count'),
    await client.GET('/profileAndServicesExt/cus{resourceName}/_count', {
      params: { path: { resourceName: 'Loyalty' } },
    }),
    await client.GET('/customResources/cus{resourceName}/_count', {
      params: { path: { resourceName: 'Store' } },
    }),
    await client.GET('/privacy/privacyTool/_count'),
  ];
  for (const counted of counts) if (counted.data) assertType<Equals<typeof counted.data.count, number>>();

  // the single privacy request read
  const request = await client.GET('/privacy/privacyTool/{PKey}', { params: { path: { PKey: '@r' } } });
  if (request.data) assertType<Equals<typeof request.data, PrivacyRequest>>();

  // history events and their mirror page
  const event = await client.GET('/profileAndServices/history/{PKey}/events/{eventPKey}', {
    params: { path: { PKey: '@p', eventPKey: '@e' } },
  });
  if (event.data) assertType<Equals<typeof event.data, HistoryEvent>>();
  const page = await client.GET('/profileAndServices/history/{PKey}/events/{eventPKey}/mirrorPage', {
    params: { path: { PKey: '@p', eventPKey: '@e' } },
  });
  if (page.data !== undefined) assertType<Equals<typeof page.data, string>>();

  // geographical units (deprecated, still typed)
  const geo = await client.GET('/profileAndServicesExt/geoUnitBase');
  if (geo.data) {
    const label: string | undefined = geo.data.content[0]?.label;
    void label;
  }
  await client.PATCH('/profileAndServicesExt/geoUnitBase/{PKey}', {
    params: { path: { PKey: '@g' } },
    body: { label: 'Europe' },
  });

  // data ingestion (Adobe Experience Platform, beta)
  const submitted = await client.POST('/dataIngestion/xdmIngestion/{mappingId}/ingest', {
    params: { path: { mappingId: 'M1' } },
  });
  if (submitted.data) assertType<Equals<typeof submitted.data, DataIngestionSubmission>>();
  const status = await client.GET('/dataIngestion/xdmIngestion/{mappingId}/ingest', {
    params: { path: { mappingId: 'M1' }, query: { requestId: 3520 } },
  });
  if (status.data) assertType<Equals<typeof status.data, DataIngestionStatus>>();

  // helpers
  assertType<Equals<ReturnType<typeof client.profiles.values>, RecordList<FieldValue>>>();
  assertType<Equals<Awaited<ReturnType<typeof client.privacy.get>>, PrivacyRequest>>();
  assertType<Equals<Awaited<ReturnType<typeof client.history.mirrorPage>>, string>>();
  assertType<Equals<Awaited<ReturnType<typeof client.history.event>>, HistoryEvent>>();
  assertType<Equals<Awaited<ReturnType<typeof client.dataIngestion.ingest>>, DataIngestionSubmission>>();
  client.profiles.list({ ext: true, customFilters: { byAmount: { amount_parameter: 100 } } });
  client.profiles.values('email', { order: { field: 'email', direction: 'desc' }, pageSize: 10 });
  client.customResources('cusLoyalty', { linkedToProfile: true }).list({
    customFilters: { byTier: { tier_parameter: 'gold' } },
  });
}

export async function invalid(): Promise<void> {
  // @ts-expect-error: a projection is a path of its own, not a `{field}` template beside `{PKey}`
  await client.GET('/profileAndServices/profile/{field}', { params: { path: { field: 'email' } } });
  // @ts-expect-error: the projection path takes no key
  await client.GET('/profileAndServices/profile/email', { params: { path: { PKey: '@a' } } });
  const emails = await client.GET('/profileAndServices/profile/email');
  // @ts-expect-error: projected values are strings, not profiles
  const profile: Profile | undefined = emails.data?.content[0];
  void profile;
  // @ts-expect-error: the filter path names its filter, not a PKey
  await client.GET('/profileAndServicesExt/profile/by{filterName}', { params: { path: { PKey: '@a' } } });
  // @ts-expect-error: the filter name is required
  await client.GET('/profileAndServicesExt/profile/by{filterName}');
  await client.GET('/profileAndServicesExt/cus{resourceName}/by{filterName}', {
    // @ts-expect-error: the custom resource is named after its `cus` prefix, as `resourceName`
    params: { path: { resource: 'cusLoyalty', filterName: 'Tier' } },
  });
  await client.GET('/profileAndServices/service/byChannel/byText', {
    // @ts-expect-error: chained filters need the parameters of both (text is missing)
    params: { query: { channel: 'email' } },
  });
  // @ts-expect-error: sms or email only
  await client.GET('/profileAndServices/service/byChannel/_count', { params: { query: { channel: 'fax' } } });
  const counted = await client.GET('/profileAndServices/service/_count');
  // @ts-expect-error: a count is not a list (its `content` is not records)
  const items: Profile[] | undefined = counted.data?.content;
  void items;
  // @ts-expect-error: the privacy request read needs its PKey
  await client.GET('/privacy/privacyTool/{PKey}');
  await client.GET('/dataIngestion/xdmIngestion/{mappingId}/ingest', {
    // @ts-expect-error: an ingestion status needs the requestId
    params: { path: { mappingId: 'M1' } },
  });
  // @ts-expect-error: no geographical unit is created through the API
  await client.POST('/profileAndServicesExt/geoUnitBase', { body: { label: 'x' } });
  // @ts-expect-error: a custom filter's parameters are query values, not objects
  client.profiles.list({ ext: true, customFilters: { amount: { amount_parameter: { n: 1 } } } });
  // @ts-expect-error: a projection takes no filters
  client.profiles.values('email', { filters: { byText: { text: 'a' } } });
}
