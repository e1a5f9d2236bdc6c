import { ApiError, ConfigurationError, OutcomeUnknownError } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CampaignClient, createCampaignClient } from '../src/index.js';
import { collect, emulatorAuth, rejection, type SeenRequest, startLocalServer } from './helpers.js';

let emulator: Emulator;
let client: CampaignClient;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 60, seed: 7 });
  client = createCampaignClient({
    auth: emulatorAuth(emulator),
    tenant: emulator.credentials.tenant,
    baseUrl: emulator.baseUrl,
  });
});
afterAll(async () => {
  await emulator?.stop();
});

describe('typed calls by path', () => {
  it('GET, POST, PATCH and DELETE a profile, with data/error/response', async () => {
    const created = await client.POST('/profileAndServices/profile', {
      body: { email: 'typed.call@example.com', lastName: 'Typed' },
    });
    expect(created.error).toBeUndefined();
    expect(created.response.status).toBe(201);
    const pkey = created.data!.PKey;
    expect(created.data!.gender).toBe('unknown');

    const patched = await client.PATCH('/profileAndServices/profile/{PKey}', {
      params: { path: { PKey: pkey } },
      body: { firstName: 'Tessa' },
    });
    expect(patched.data).toMatchObject({ PKey: pkey });

    const read = await client.GET('/profileAndServices/profile/{PKey}', { params: { path: { PKey: pkey } } });
    expect(read.data).toMatchObject({
      email: 'typed.call@example.com',
      firstName: 'Tessa',
      lastName: 'Typed',
    });

    const removed = await client.DELETE('/profileAndServices/profile/{PKey}', {
      params: { path: { PKey: pkey } },
    });
    expect(removed.response.status).toBe(200);
    expect(removed.error).toBeUndefined();

    const gone = await client.GET('/profileAndServices/profile/{PKey}', { params: { path: { PKey: pkey } } });
    expect(gone.data).toBeUndefined();
    expect(gone.error).toBeInstanceOf(ApiError);
    expect((gone.error as ApiError).status).toBe(404);
    expect((gone.error as ApiError).errorCode).toBe('RST-360011');
  });

  it('returns HTTP errors as `error` without throwing, with Campaign text and code', async () => {
    const bad = await client.PATCH('/profileAndServices/profile/{PKey}', {
      params: { path: { PKey: (await firstProfileKey()) ?? '' } },
      // @ts-expect-error: an invalid enumeration value, sent on purpose
      body: { gender: 'other' },
    });
    expect(bad.error).toBeInstanceOf(ApiError);
    expect(bad.error).toMatchObject({ status: 500, errorCode: 'RST-360011' });
    expect(bad.error?.message).toContain("'nms:recipient:gender' enumeration");
  });

  it('sends the credentials and JSON headers Campaign expects, Content-Type only with a body', async () => {
    const seen: Request[] = [];
    const observed = createCampaignClient({
      auth: emulatorAuth(emulator),
      tenant: 'acme',
      baseUrl: emulator.baseUrl,
      userAgent: 'resources-test/1.0',
      fetch: (input, init) => {
        seen.push(input instanceof Request ? input.clone() : new Request(input, init));
        return fetch(input, init);
      },
    });
    await observed.GET('/profileAndServices/profile', { params: { query: { _lineCount: 1 } } });
    await observed.profiles.create({ email: 'headers@example.com' });
    const [get, post] = seen;
    expect(get?.headers.get('authorization')).toMatch(/^Bearer .{20,}/);
    expect(get?.headers.get('x-api-key')).toBe(emulator.credentials.clientId);
    expect(get?.headers.get('cache-control')).toBe('no-cache');
    expect(get?.headers.get('accept')).toBe('application/json');
    expect(get?.headers.get('content-type')).toBeNull();
    expect(get?.headers.get('user-agent')).toContain('resources-test/1.0');
    expect(get?.redirect).toBe('manual');
    expect(post?.headers.get('content-type')).toBe('application/json;charset=utf-8');
  });
});

async function firstProfileKey(): Promise<string | undefined> {
  for await (const profile of client.profiles.list({ pageSize: 1 })) return profile.PKey;
  return undefined;
}

describe('profiles', () => {
  it('creates, reads, updates and deletes', async () => {
    const profile = await client.profiles.create({ email: 'helper@example.com', firstName: 'Help' });
    expect(profile.PKey).toMatch(/^@/);
    await expect(client.profiles.update(profile.PKey, { lastName: 'Er' })).resolves.toMatchObject({
      PKey: profile.PKey,
    });
    await expect(client.profiles.get(profile.PKey)).resolves.toMatchObject({
      firstName: 'Help',
      lastName: 'Er',
    });
    await client.profiles.delete(profile.PKey);
    const error = await rejection(client.profiles.get(profile.PKey));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
  });

  it('filters by email and by text, chained, sorted and paged', async () => {
    const sample = await client.profiles.get((await firstProfileKey())!);
    const byEmail = await collect(client.profiles.list({ filters: { byEmail: { email: sample.email! } } }));
    expect(byEmail.map((p) => p.PKey)).toEqual([sample.PKey]);

    const prefix = sample.email!.slice(0, 2);
    const byText = await collect(
      client.profiles.list({ filters: { byText: { text: prefix } }, pageSize: 2 }),
    );
    expect(byText.length).toBeGreaterThan(0);
    expect(byText.every((p) => p.email!.startsWith(prefix) || p.lastName!.startsWith(prefix))).toBe(true);

    const chained = await collect(
      client.profiles.list({ filters: { byText: { text: prefix }, byEmail: { email: sample.email! } } }),
    );
    expect(chained.map((p) => p.PKey)).toEqual([sample.PKey]);

    const sorted = await collect(
      client.profiles.list({ order: { field: 'email', direction: 'desc' }, pageSize: 7 }),
    );
    const emails = sorted.map((p) => p.email!);
    expect(emails).toEqual([...emails].sort((a, b) => b.localeCompare(a)));
  });

  it('reaches custom fields and the organizational unit on the extended family', async () => {
    const pkey = (await firstProfileKey())!;
    const plain = await client.profiles.get(pkey);
    const ext = await client.profiles.get(pkey, { ext: true });
    expect(plain.orgUnit).toBeUndefined();
    expect(ext.orgUnit?.href).toContain('/profileAndServicesExt/orgUnitBase/');
  });
});

describe('services and subscriptions', () => {
  it('lists with chained filters, gets and creates services', async () => {
    const sport = await collect(
      client.services.list({ filters: { byChannel: { channel: 'email' }, byText: { text: 'Sport' } } }),
    );
    expect(sport.map((s) => s.name)).toEqual(['SVC1']);
    const created = await client.services.create({
      label: 'Client test',
      name: 'CLIENT_T',
      messageType: 'email',
    });
    await expect(client.services.get(created.PKey)).resolves.toMatchObject({ name: 'CLIENT_T' });
  });

  it('subscribes both ways, lists both ways and unsubscribes by href and by keys', async () => {
    const profile = await client.profiles.create({ email: 'subscriber@example.com' });
    const [svc1] = await collect(client.services.list({ filters: { byText: { text: 'Sport' } } }));
    const [svc2] = await collect(client.services.list({ filters: { byText: { text: 'Weekly' } } }));
    const first = await client.subscriptions.subscribe(profile.PKey, svc1!.PKey);
    const second = await client.subscriptions.addSubscriber(svc2!.PKey, profile.PKey);

    const mine = await collect(client.subscriptions.listByProfile(profile.PKey));
    expect(mine.map((s) => s.serviceName ?? s.service?.name).sort()).toEqual(['SVC1', 'SVC2']);
    const subscribers = await collect(client.subscriptions.listByService(svc2!.PKey));
    expect(subscribers.some((s) => s.subscriber?.PKey === profile.PKey)).toBe(true);

    await client.subscriptions.unsubscribe(first.href!);
    await client.subscriptions.unsubscribe({ servicePKey: svc2!.PKey, subscriptionPKey: second.PKey });
    expect(await collect(client.subscriptions.listByProfile(profile.PKey))).toEqual([]);
  });
});

describe('history, metadata, custom resources and organizational units', () => {
  it('reads the marketing history and its events', async () => {
    const pkey = (await firstProfileKey())!;
    const history = await client.history.get(pkey);
    expect(history.events?.href).toContain('/events');
    const fromRecord = await collect(client.history.events(history));
    const fromKey = await collect(client.history.events(pkey));
    expect(fromRecord).toEqual(fromKey);
  });

  it('describes resources and lists their filters', async () => {
    const profile = await client.metadata.get('profile');
    expect(profile.content?.email).toMatchObject({ type: 'string' });
    const filters = await client.metadata.filters('profile');
    expect(Object.keys(filters)).toEqual(expect.arrayContaining(['byEmail', 'byText']));
  });

  it('manages records of linked and unlinked custom resources', async () => {
    const loyalty = client.customResources('cusLoyalty', { linkedToProfile: true });
    const profilePKey = (await firstProfileKey())!;
    const record = await loyalty.create({ tier: 'gold', points: 10, profile: { PKey: profilePKey } });
    await loyalty.update(record.PKey, { points: 20 });
    await expect(loyalty.get(record.PKey)).resolves.toMatchObject({ tier: 'gold', points: 20 });
    const gold = await collect(loyalty.list({ customFilters: { byTier: { tier_parameter: 'gold' } } }));
    expect(gold.some((r) => r.PKey === record.PKey)).toBe(true);
    await loyalty.delete(record.PKey);

    const stores = client.customResources('cusStore');
    const store = await stores.create({ name: 'Main street', city: 'Lyon' });
    const inLyon = await collect(stores.list({ customFilters: { byCity: { city_parameter: 'Lyon' } } }));
    expect(inLyon.map((s) => s.PKey)).toContain(store.PKey);
    await expect(stores.metadata()).resolves.toMatchObject({ name: 'cusStore' });
  });

  it('lists, reads and updates organizational units and assigns one to a profile', async () => {
    const units = await collect(client.orgUnits.list());
    const brand4 = units.find((u) => u.name === 'brand4')!;
    await client.orgUnits.update(brand4.PKey, { label: 'Brand Four' });
    await expect(client.orgUnits.get(brand4.PKey)).resolves.toMatchObject({ label: 'Brand Four' });
    const profile = await client.profiles.create({ email: 'ou@example.com' });
    await client.orgUnits.assignToProfile(profile.PKey, brand4.PKey);
    const ext = await client.profiles.get(profile.PKey, { ext: true });
    expect(ext.orgUnit?.PKey).toBe(brand4.PKey);
  });
});

describe('workflows, transactional events and privacy', () => {
  it('reads a workflow, sends commands and triggers a signal by name, then refuses during the cooldown', async () => {
    const workflow = await client.workflows.get('WKF1');
    expect(Object.keys(workflow.activities?.activity ?? {})).toContain('signal1');
    await client.workflows.stop('WKF2');
    await client.workflows.start('WKF2');

    await client.workflows.signal('WKF1', 'signal1', {
      source: 'API',
      parameters: { email: 'a@b.c', amount: 3 },
    });
    const cooldown = await rejection(client.workflows.signal('WKF1', 'signal1', { source: 'API' }));
    expect(cooldown).toBeInstanceOf(ApiError);
    expect((cooldown as ApiError).status).toBe(429);
    expect(cooldown.message).toContain('Too many calls');
  });

  it('triggers a signal by its href and explains an unknown activity', async () => {
    const workflow = await client.workflows.get('WKF2');
    const href = workflow.activities!.activity!['signal1']!.trigger!.href;
    await expect(client.workflows.signal('WKF2', href, { source: 'API' })).resolves.toBeDefined();
    const unknown = await rejection(client.workflows.signal('WKF2', 'nope', { source: 'API' }));
    expect(unknown).toBeInstanceOf(ConfigurationError);
    expect(unknown.message).toContain('signal1');
  });

  it('sends a transactional event and follows its status', async () => {
    const sent = await client.events.send('EVTcartAbandonment', {
      email: 'buyer@example.com',
      ctx: { amount: '$ 12' },
    });
    expect(sent.status).toBe('pending');
    const first = await client.events.status('EVTcartAbandonment', sent.PKey);
    const second = await client.events.status('EVTcartAbandonment', sent.PKey);
    expect([first.status, second.status]).toEqual(['pending', 'processed']);
    const wrong = await rejection(client.events.send('EVTcart', {}, { tenantName: 'other' }));
    expect((wrong as ApiError).status).toBe(404);
  });

  it('creates and lists privacy requests and reads the data file', async () => {
    const request = await client.privacy.create({
      name: 'PT-client-1',
      namespaceName: 'AMCDS2',
      reconciliationValue: 'customer@example.com',
      regulation: 'gdpr',
      type: 'access',
      label: 'Access',
    });
    const all = await collect(client.privacy.list());
    expect(all.map((r) => r.PKey)).toContain(request.PKey);
    const file = await client.privacy.dataFile(request);
    expect(typeof file).toBe('string');
    const same = await client.privacy.dataFile(request.privacyRequestData!.href, request.name);
    expect(same).toBe(file);
  });
});

describe('raw requests', () => {
  it('follows a relative href of the instance and refuses another origin before sending', async () => {
    const other = await startLocalServer((_request: SeenRequest, response) => response.end('{}'));
    try {
      const page = await client.request<{ content: unknown[] }>('GET', '/profileAndServices/profile', {
        query: { _lineCount: 2 },
      });
      expect(page.data?.content).toHaveLength(2);
      const error = await rejection(
        client.request('GET', `${other.origin}/acme/campaign/profileAndServices/profile`),
      );
      expect(error.name).toBe('ForeignOriginError');
      expect(other.seen).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('lists any collection by path, following next.href to the last page', async () => {
    const viaHelper = await collect(client.profiles.list({ order: { field: 'email' }, pageSize: 7 }));
    const raw = client.list<{ PKey: string }>('/profileAndServices/profile', {
      query: { _order: 'email', _lineCount: 7 },
    });
    const pages: number[] = [];
    for await (const page of raw.pages()) pages.push(page.items.length);
    const records = await collect(raw);
    expect(records.map((r) => r.PKey)).toEqual(viaHelper.map((p) => p.PKey));
    expect(pages.length).toBe(Math.ceil(viaHelper.length / 7));
    expect(pages.length).toBeGreaterThan(1);
  });

  it('never resends a POST whose outcome is unknown', async () => {
    emulator.stats.reset();
    emulator.faults.inject({
      target: 'api',
      kind: 'status',
      status: 503,
      times: 1,
      pathPrefix: '/acme/campaign/privacy',
    });
    const error = await rejection(
      client.privacy.create({
        name: 'PT-x',
        namespaceName: 'N',
        reconciliationValue: 'v',
        regulation: 'gdpr',
        type: 'delete',
      }),
    );
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(emulator.stats.apiRequests({ method: 'POST' })).toBe(1);
  });
});
