// The paths the spec gained so that it covers what Adobe documents (help/api/using/*.md of
// AdobeDocs/campaign-standard.en), each sent over HTTP to the emulator through the typed calls and
// the helpers: custom and chained filters, field projection, `_count` on every list, the privacy
// request read, history events and their mirror page, geographical units and data ingestion. And
// the rule that keeps them apart from records: a value where a record key goes must be a key.
import { readFile } from 'node:fs/promises';
import { ApiError, ConfigurationError } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPEC_URL } from '../scripts/generate.mjs';
import { type CampaignClient, createCampaignClient, type Profile } from '../src/index.js';
import { collect, emulatorAuth, rejection, startLocalServer } from './helpers.js';

let emulator: Emulator;
let client: CampaignClient;
/** Every URL the client sent (the emulator's IMS is reached by the test strategy, not the client). */
const sent: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 60, seed: 7 });
  client = createCampaignClient({
    auth: emulatorAuth(emulator),
    tenant: emulator.credentials.tenant,
    baseUrl: emulator.baseUrl,
    fetch: (input, init) => {
      sent.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    },
  });
});
afterAll(async () => {
  await emulator?.stop();
});

/** The path and query of the last request sent, below `/<tenant>/campaign`. */
function lastSent(): string {
  const url = new URL(sent[sent.length - 1] ?? 'http://none/');
  return `${url.pathname.replace(/^\/[^/]+\/campaign/, '')}${url.search}`;
}

/** The data of a typed call, failing the test on an error. */
function ok<T>(result: { data?: T; error?: unknown }): T {
  if (result.error) throw result.error;
  return result.data as T;
}

/** The error a call rejects with, and whether it sent anything. */
async function refusal(call: () => Promise<unknown>): Promise<{ error: Error; sentAnything: boolean }> {
  const before = sent.length;
  // A list throws as it is built; a call rejects.
  const error = await rejection((async () => call())());
  return { error, sentAnything: sent.length > before };
}

const firstProfile = async (): Promise<Profile> =>
  ok(await client.GET('/profileAndServices/profile', { params: { query: { _lineCount: 1 } } })).content[0]!;

describe('filters on the extended family (filtering.md, custom filters)', () => {
  it('lists a custom resource through a filter defined in Campaign and its <name>_parameter', async () => {
    const typed = ok(
      await client.GET('/profileAndServicesExt/cus{resourceName}/by{filterName}', {
        params: {
          path: { resourceName: 'Loyalty', filterName: 'Tier' },
          query: { filterParameters: { tier_parameter: 'gold' }, _lineCount: 100 },
        },
      }),
    );
    expect(lastSent()).toBe('/profileAndServicesExt/cusLoyalty/byTier?tier_parameter=gold&_lineCount=100');
    expect(typed.content.length).toBeGreaterThan(0);
    expect(typed.content.every((record) => record.tier === 'gold')).toBe(true);

    const loyalty = client.customResources('cusLoyalty', { linkedToProfile: true });
    const helper = await collect(loyalty.list({ customFilters: { byTier: { tier_parameter: 'gold' } } }));
    expect(helper.map((r) => r.PKey)).toEqual(typed.content.map((r) => r.PKey));

    const counted = ok(
      await client.GET('/profileAndServicesExt/cus{resourceName}/by{filterName}/_count', {
        params: {
          path: { resourceName: 'Loyalty', filterName: 'Tier' },
          query: { filterParameters: { tier_parameter: 'gold' } },
        },
      }),
    );
    expect(counted.count).toBe(helper.length);
    await expect(
      loyalty.list({ customFilters: { byTier: { tier_parameter: 'gold' } } }).count(),
    ).resolves.toBe(helper.length);
  });

  it('filters an unlinked custom resource the same way', async () => {
    const stores = ok(
      await client.GET('/customResources/cus{resourceName}/by{filterName}', {
        params: {
          path: { resourceName: 'Store', filterName: 'City' },
          query: { filterParameters: { city_parameter: 'Paris' } },
        },
      }),
    );
    expect(stores.content.map((s) => s.city)).toEqual(['Paris']);
    const helper = await collect(
      client.customResources('cusStore').list({ customFilters: { byCity: { city_parameter: 'Paris' } } }),
    );
    expect(helper.map((s) => s.PKey)).toEqual(stores.content.map((s) => s.PKey));
  });

  it('sends a profile filter of the extended family as Adobe shows it (byAmount?amount_parameter=100)', async () => {
    // The emulator defines no byAmount filter (docs/conformance.md: not emulated), so it answers 404;
    // what matters here is the request: the extended family, the filter segment, its parameter.
    const typed = await client.GET('/profileAndServicesExt/profile/by{filterName}', {
      params: { path: { filterName: 'Amount' }, query: { filterParameters: { amount_parameter: 100 } } },
    });
    expect(lastSent()).toBe('/profileAndServicesExt/profile/byAmount?amount_parameter=100');
    expect(typed.error).toBeInstanceOf(ApiError);
    expect((typed.error as ApiError).status).toBe(404);

    const error = await rejection(
      collect(client.profiles.list({ ext: true, customFilters: { byAmount: { amount_parameter: 100 } } })),
    );
    expect(lastSent()).toMatch(/^\/profileAndServicesExt\/profile\/byAmount\?amount_parameter=100&/);
    expect(error).toBeInstanceOf(ApiError);

    // A built-in filter through the same path, which the emulator serves.
    const sample = await firstProfile();
    const byText = ok(
      await client.GET('/profileAndServicesExt/profile/by{filterName}', {
        params: { path: { filterName: 'Email' }, query: { filterParameters: { email: sample.email! } } },
      }),
    );
    expect(byText.content.map((p) => p.PKey)).toEqual([sample.PKey]);
    expect(byText.content[0]?.cusCrmId).toEqual(expect.any(String));
    const count = ok(
      await client.GET('/profileAndServicesExt/profile/by{filterName}/_count', {
        params: { path: { filterName: 'Email' }, query: { filterParameters: { email: sample.email! } } },
      }),
    );
    expect(count).toEqual({ count: 1 });
  });
});

describe('chained filters (filtering.md)', () => {
  it('GET service/byChannel/byText?channel=email&text=sport, by path and by helper, and its count', async () => {
    // An sms service with the same label: only the chain of both filters leaves it out.
    const sms = await client.services.create({ label: 'sport', name: 'SVC14', messageType: 'sms' });
    const typed = ok(
      await client.GET('/profileAndServices/service/byChannel/byText', {
        params: { query: { channel: 'email', text: 'sport' } },
      }),
    );
    expect(lastSent()).toBe('/profileAndServices/service/byChannel/byText?channel=email&text=sport');
    expect(typed.content.length).toBeGreaterThan(0);
    for (const service of typed.content) {
      expect(service.messageType).toBe('email');
      expect(`${service.label} ${service.name}`.toLowerCase()).toMatch(/(^|\s)sport/);
    }
    const byText = await collect(client.services.list({ filters: { byText: { text: 'sport' } } }));
    expect(byText.map((s) => s.PKey)).toContain(sms.PKey);
    expect(typed.content.map((s) => s.PKey)).not.toContain(sms.PKey);

    const helper = await collect(
      client.services.list({ filters: { byChannel: { channel: 'email' }, byText: { text: 'sport' } } }),
    );
    expect(helper.map((s) => s.PKey)).toEqual(typed.content.map((s) => s.PKey));
    const count = ok(
      await client.GET('/profileAndServices/service/byChannel/byText/_count', {
        params: { query: { channel: 'email', text: 'sport' } },
      }),
    );
    expect(count.count).toBe(helper.length);
  });
});

describe('field projection (retrieving-profiles.md, sorting.md)', () => {
  it('GET profile/email?_lineCount=10 answers bare values with a next href; the helper reads them all', async () => {
    const page = ok(
      await client.GET('/profileAndServices/profile/email', { params: { query: { _lineCount: 10 } } }),
    );
    expect(page.content).toHaveLength(10);
    expect(page.content.every((value) => typeof value === 'string' && value.includes('@'))).toBe(true);
    expect(page.next?.href).toContain('/profileAndServices/profile/email');

    const profiles = await collect(client.profiles.list({ pageSize: 50 }));
    const values = await collect(client.profiles.values('email', { pageSize: 7 }));
    expect(values).toEqual(profiles.map((p) => p.email));
    await expect(client.profiles.values('email').count()).resolves.toBe(profiles.length);
    expect(ok(await client.GET('/profileAndServices/profile/email/_count'))).toEqual({
      count: profiles.length,
    });

    const descending = await collect(
      client.profiles.values('email', { order: { field: 'email', direction: 'desc' }, pageSize: 25 }),
    );
    expect(descending).toEqual([...values].sort((a, b) => String(b).localeCompare(String(a))));
  });

  it('projects a custom field on the extended family', async () => {
    const crmIds = await collect(client.profiles.values('cusCrmId', { ext: true, pageSize: 30 }));
    expect(lastSent()).toMatch(/^\/profileAndServicesExt\/profile\/cusCrmId\//);
    expect(crmIds.length).toBeGreaterThan(0);
    expect(crmIds.every((id) => typeof id === 'string' && id.startsWith('CRM'))).toBe(true);
  });
});

describe('_count on every list (counting.md)', () => {
  it('follows the count href of service/byChannel?channel=sms, as the typed count path answers', async () => {
    const list = ok(
      await client.GET('/profileAndServices/service/byChannel', { params: { query: { channel: 'sms' } } }),
    );
    const viaHref = ok(await client.request<{ count: number }>('GET', list.count!.href));
    const typed = ok(
      await client.GET('/profileAndServices/service/byChannel/_count', {
        params: { query: { channel: 'sms' } },
      }),
    );
    const all = await collect(client.services.list({ filters: { byChannel: { channel: 'sms' } } }));
    expect(viaHref.count).toBe(all.length);
    expect(typed.count).toBe(all.length);
  });

  it('counts profiles, services and their filters as many as their lists hold', async () => {
    const sample = await firstProfile();
    const prefix = sample.lastName!.slice(0, 2);
    const pairs: Array<[number, number]> = [
      [
        ok(await client.GET('/profileAndServices/profile/_count')).count,
        (await collect(client.profiles.list({ pageSize: 100 }))).length,
      ],
      [
        ok(
          await client.GET('/profileAndServices/profile/byEmail/_count', {
            params: { query: { email: sample.email! } },
          }),
        ).count,
        (await collect(client.profiles.list({ filters: { byEmail: { email: sample.email! } } }))).length,
      ],
      [
        ok(
          await client.GET('/profileAndServices/profile/byText/_count', {
            params: { query: { text: prefix } },
          }),
        ).count,
        (await collect(client.profiles.list({ filters: { byText: { text: prefix } } }))).length,
      ],
      [
        ok(await client.GET('/profileAndServices/service/_count')).count,
        (await collect(client.services.list())).length,
      ],
      [
        ok(
          await client.GET('/profileAndServices/service/byText/_count', { params: { query: { text: 'S' } } }),
        ).count,
        (await collect(client.services.list({ filters: { byText: { text: 'S' } } }))).length,
      ],
      [
        ok(
          await client.GET('/profileAndServices/history/byEmail/_count', {
            params: { query: { email: sample.email! } },
          }),
        ).count,
        (
          await collect(
            client.list('/profileAndServices/history/byEmail', { query: { email: sample.email! } }),
          )
        ).length,
      ],
      [
        ok(await client.GET('/profileAndServicesExt/profile/_count')).count,
        (await collect(client.profiles.list({ ext: true, pageSize: 100 }))).length,
      ],
      [
        ok(await client.GET('/profileAndServicesExt/orgUnitBase/_count')).count,
        (await collect(client.orgUnits.list())).length,
      ],
      [
        ok(
          await client.GET('/profileAndServicesExt/cus{resourceName}/_count', {
            params: { path: { resourceName: 'Loyalty' } },
          }),
        ).count,
        (await collect(client.customResources('cusLoyalty', { linkedToProfile: true }).list())).length,
      ],
      [
        ok(
          await client.GET('/customResources/cus{resourceName}/_count', {
            params: { path: { resourceName: 'Store' } },
          }),
        ).count,
        (await collect(client.customResources('cusStore').list())).length,
      ],
    ];
    for (const [count, listed] of pairs) expect(count).toBe(listed);
    expect(pairs.every(([count]) => count > 0)).toBe(true);
  });

  it('counts subscriptions from both sides, history events and privacy requests', async () => {
    const profile = await client.profiles.create({ email: 'counted.subscriber@example.com' });
    const [service] = await collect(client.services.list({ filters: { byText: { text: 'Sport' } } }));
    await client.subscriptions.subscribe(profile.PKey, service!.PKey);

    const byProfile = ok(
      await client.GET('/profileAndServices/profile/{PKey}/subscriptions/_count', {
        params: { path: { PKey: profile.PKey } },
      }),
    );
    expect(byProfile.count).toBe(1);
    await expect(client.subscriptions.listByProfile(profile.PKey).count()).resolves.toBe(1);
    const byService = ok(
      await client.GET('/profileAndServices/service/{PKey}/subscriptions/_count', {
        params: { path: { PKey: service!.PKey } },
      }),
    );
    expect(byService.count).toBe((await collect(client.subscriptions.listByService(service!.PKey))).length);

    const events = ok(
      await client.GET('/profileAndServices/history/{PKey}/events/_count', {
        params: { path: { PKey: profile.PKey } },
      }),
    );
    expect(events.count).toBe((await collect(client.history.events(profile.PKey))).length);
    await expect(client.history.events(profile.PKey).count()).resolves.toBe(events.count);

    const before = ok(await client.GET('/privacy/privacyTool/_count')).count;
    await client.privacy.create({
      name: 'COUNT1',
      namespaceName: 'defaultNamespace1',
      reconciliationValue: 'counted.subscriber@example.com',
      regulation: 'gdpr',
      type: 'delete',
    });
    expect(ok(await client.GET('/privacy/privacyTool/_count')).count).toBe(before + 1);
    await expect(client.privacy.list().count()).resolves.toBe(before + 1);
  });
});

describe('the single privacy request read (monitoring-a-privacy-request.md)', () => {
  it('GET privacyTool/<PKey> answers the request the create answered, by path and by helper', async () => {
    const created = await client.privacy.create({
      name: 'READ1',
      namespaceName: 'defaultNamespace1',
      reconciliationValue: 'read.one@example.com',
      regulation: 'gdpr',
      label: 'Read one',
      type: 'access',
    });
    const typed = ok(
      await client.GET('/privacy/privacyTool/{PKey}', { params: { path: { PKey: created.PKey } } }),
    );
    expect(typed).toMatchObject({ PKey: created.PKey, href: created.href, name: 'READ1', type: 'access' });
    const helper = await client.privacy.get(created.PKey);
    expect(helper).toMatchObject({ PKey: created.PKey, name: 'READ1', regulation: 'gdpr' });
    expect(helper.privacyRequestData?.href).toContain(
      `/privacy/privacyTool/${created.PKey}/privacyRequestData`,
    );
  });
});

describe('history events and their mirror page (interacting-with-marketing-history.md)', () => {
  it('reads each event by its key and its mirror page through mirrorPage.href', async () => {
    const { PKey } = await firstProfile();
    const history = await client.history.get(PKey);
    const events = await collect(client.history.events(history));
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      const typed = ok(
        await client.GET('/profileAndServices/history/{PKey}/events/{eventPKey}', {
          params: { path: { PKey, eventPKey: event.PKey } },
        }),
      );
      expect(typed).toEqual(event);
      await expect(client.history.event(PKey, event.PKey)).resolves.toEqual(event);
    }
    const first = events[0]!;
    expect(first.mirrorPage?.href).toContain(`/events/${first.PKey}/mirrorPage`);
    const page = await client.history.mirrorPage(first);
    expect(page).toMatch(/^<html>/);
    const typed = ok(
      await client.GET('/profileAndServices/history/{PKey}/events/{eventPKey}/mirrorPage', {
        params: { path: { PKey, eventPKey: first.PKey } },
      }),
    );
    expect(typed).toBe(page);
  });
});

describe('geographical units (deprecated since 18.7)', () => {
  it('are marked deprecated in the spec, and the typed calls reach geoUnitBase', async () => {
    const spec = await readFile(SPEC_URL, 'utf8');
    const block = spec.slice(
      spec.indexOf('  /profileAndServicesExt/geoUnitBase:'),
      spec.indexOf('  /profileAndServicesExt/{resource}:'),
    );
    expect(block.match(/operationId: \w+GeoUnits?\n/g)).toHaveLength(3);
    expect(block.match(/ deprecated: true\n/g)).toHaveLength(3);

    // The emulator does not emulate geographical units (docs/conformance.md): 404, as Campaign
    // answers an instance created after 18.7.
    const list = await client.GET('/profileAndServicesExt/geoUnitBase');
    expect(lastSent()).toBe('/profileAndServicesExt/geoUnitBase');
    expect((list.error as ApiError).status).toBe(404);
    const one = await client.GET('/profileAndServicesExt/geoUnitBase/{PKey}', {
      params: { path: { PKey: '@geo' } },
    });
    expect(lastSent()).toBe('/profileAndServicesExt/geoUnitBase/@geo');
    expect(one.error).toBeInstanceOf(ApiError);
  });
});

describe('a filter, a field or _count is never sent where a record key goes', () => {
  it('typed calls refuse them in a {PKey} segment before sending anything', async () => {
    for (const PKey of ['byText', 'email', '_count', 'cusCrmId', 'metadata']) {
      const { error, sentAnything } = await refusal(() =>
        client.GET('/profileAndServices/profile/{PKey}', { params: { path: { PKey } } }),
      );
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toContain(`params.path.PKey "${PKey}" is not a record key`);
      expect(sentAnything).toBe(false);
    }
    const sub = await refusal(() =>
      client.DELETE('/profileAndServices/service/{PKey}/subscriptions/{subscriptionPKey}', {
        params: { path: { PKey: '@s', subscriptionPKey: '_count' } },
      }),
    );
    expect(sub.error).toBeInstanceOf(ConfigurationError);
    expect(sub.sentAnything).toBe(false);
    const event = await refusal(() =>
      client.GET('/profileAndServices/history/{PKey}/events/{eventPKey}', {
        params: { path: { PKey: '@p', eventPKey: '_count' } },
      }),
    );
    expect(event.error).toBeInstanceOf(ConfigurationError);
  });

  it('helpers refuse a filter, field or count name given as a key', async () => {
    const loyalty = client.customResources('cusLoyalty', { linkedToProfile: true });
    const calls: Array<() => Promise<unknown>> = [
      () => client.profiles.get('byEmail'),
      () => client.profiles.get('email'),
      () => client.profiles.update('_count', { firstName: 'X' }),
      () => client.profiles.delete('byText'),
      () => client.services.get('byChannel'),
      () => client.history.get('byEmail'),
      () => client.history.event('@p', '_count'),
      () => client.privacy.get('_count'),
      () => client.orgUnits.get('byText'),
      () => loyalty.get('byTier'),
      () => client.customResources('cusStore').delete('byCity'),
      () => collect(client.subscriptions.listByProfile('byText')),
      () => client.subscriptions.unsubscribe({ servicePKey: 'byChannel', subscriptionPKey: '@x' }),
    ];
    for (const call of calls) {
      const { error, sentAnything } = await refusal(call);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toMatch(/is not a record key: Campaign's keys \(PKey\) start with "@"/);
      expect(sentAnything).toBe(false);
    }
  });

  it('accepts a custom key for an extended profile unless it names a filter, a field or _count', async () => {
    // must-read.md: a custom key field may stand in for the PKey on /profileAndServicesExt/profile.
    // The emulator seeds no such key field, so the key is sent and answered 404.
    const custom = await rejection(client.profiles.get('CRM0000001', { ext: true }));
    expect(lastSent()).toBe('/profileAndServicesExt/profile/CRM0000001');
    expect(custom).toBeInstanceOf(ApiError);
    for (const key of ['byAmount', 'email', 'cusCrmId', '_count']) {
      const { error, sentAnything } = await refusal(() => client.profiles.get(key, { ext: true }));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toContain(`"${key}" cannot be a custom key`);
      expect(sentAnything).toBe(false);
    }
    const { PKey } = await firstProfile();
    await expect(client.profiles.get(PKey, { ext: true })).resolves.toMatchObject({ PKey });
  });

  it('refuses a key as a projection field or a filter name, and a custom filter name that is not a name', async () => {
    const { PKey } = await firstProfile();
    const wrong: Array<() => Promise<unknown>> = [
      () => collect(client.profiles.values(PKey)),
      () => collect(client.profiles.values('byText')),
      () => collect(client.profiles.values('_count')),
      () => collect(client.profiles.list({ filters: { [PKey]: {} } as never })),
      () => collect(client.profiles.list({ customFilters: { _count: {} } as never })),
      () =>
        collect(client.profiles.list({ ext: true, customFilters: { 'amount/x': { amount_parameter: 1 } } })),
    ];
    for (const call of wrong) {
      const { error, sentAnything } = await refusal(call);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(sentAnything).toBe(false);
    }
  });
});

describe('data ingestion into Adobe Experience Platform (aep-triggering-data-ingestion.md, beta)', () => {
  it('POSTs .../ingest and reads the status with requestId, with the answers Adobe shows', async () => {
    // Not emulated: a local server answers the page's bodies.
    const aep = await startLocalServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.method === 'POST') {
        response.end(
          JSON.stringify({
            requestId: 3520,
            info: 'Ingestion request submitted successfully for the Mapping ID: MAP1',
            status: 'Success',
          }),
        );
      } else {
        response.end(
          JSON.stringify({
            batchId: '',
            info: 'Mapping Id: MAP1. ',
            numRecords: 15,
            requestId: 3520,
            status: 'Success',
          }),
        );
      }
    });
    try {
      const local = createCampaignClient({
        auth: emulatorAuth(emulator),
        tenant: 'acme',
        baseUrl: aep.origin,
        retry: false,
      });
      const submitted = await local.dataIngestion.ingest('MAP1');
      expect(submitted).toMatchObject({ requestId: 3520, status: 'Success' });
      const status = await local.dataIngestion.status('MAP1', submitted.requestId!);
      expect(status).toMatchObject({ numRecords: 15, status: 'Success' });
      const typed = ok(
        await local.GET('/dataIngestion/xdmIngestion/{mappingId}/ingest', {
          params: { path: { mappingId: 'MAP1' }, query: { requestId: 3520 } },
        }),
      );
      expect(typed.numRecords).toBe(15);
      expect(aep.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
        'POST /acme/campaign/dataIngestion/xdmIngestion/MAP1/ingest',
        'GET /acme/campaign/dataIngestion/xdmIngestion/MAP1/ingest?requestId=3520',
        'GET /acme/campaign/dataIngestion/xdmIngestion/MAP1/ingest?requestId=3520',
      ]);
      expect(aep.seen[0]?.body).toBe('');
    } finally {
      await aep.close();
    }

    // The emulator does not serve it: Campaign's 404 for an unknown path.
    const missing = await client.POST('/dataIngestion/xdmIngestion/{mappingId}/ingest', {
      params: { path: { mappingId: 'MAP1' } },
    });
    expect((missing.error as ApiError).status).toBe(404);
  });
});
