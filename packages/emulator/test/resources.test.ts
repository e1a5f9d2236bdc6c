import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { apiHeaders, oauthToken } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests read untyped JSON answers
type Json = Record<string, any>;
let emulator: Emulator;
let headers: Record<string, string>;
beforeAll(async () => {
  emulator = await startEmulator({ profiles: 60, seed: 7 });
  headers = apiHeaders(emulator, await oauthToken(emulator));
});
afterAll(() => emulator.stop());

const root = () => `${emulator.baseUrl}/acme/campaign`;
async function call(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: the tests read untyped JSON answers
): Promise<{ status: number; body: any; type: string }> {
  const res = await fetch(path.startsWith('http') ? path : `${root()}${path}`, {
    method,
    headers: { ...headers, ...extraHeaders },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : undefined,
    type: res.headers.get('content-type') ?? '',
  };
}

describe('profiles', () => {
  it('pages through every profile with opaque cursors and absolute next hrefs', async () => {
    const seen = new Set<string>();
    let href: string | undefined = `${root()}/profileAndServices/profile?_lineCount=25`;
    let pages = 0;
    while (href) {
      const { status, body } = await call('GET', href);
      expect(status).toBe(200);
      expect(body.serverSidePagination).toBe(true);
      expect(body.count.href).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/acme\/campaign\/profileAndServices\/profile\/_count\?/,
      );
      for (const p of body.content) seen.add(p.PKey);
      href = body.next?.href;
      if (href) expect(new URL(href).searchParams.get('_lineStart')).toMatch(/^@[A-Za-z0-9_-]+$/);
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen.size).toBe(60);
    expect((await call('GET', '/profileAndServices/profile/_count')).body).toEqual({ count: 60 });
  });

  it('is deterministic for a seed', async () => {
    const again = await startEmulator({ profiles: 60, seed: 7 });
    try {
      const h = apiHeaders(again, await oauthToken(again));
      const other = await (
        await fetch(`${again.baseUrl}/acme/campaign/profileAndServices/profile?_lineCount=5`, { headers: h })
      ).json();
      const mine = (await call('GET', '/profileAndServices/profile?_lineCount=5')).body;
      const strip = (b: Json) => b.content.map((p: Json) => [p.PKey, p.email, p.firstName, p.created]);
      expect(strip(other as Json)).toEqual(strip(mine));
    } finally {
      await again.stop();
    }
  });

  it('creates with defaults (201), reads, patches (200 {PKey, href}) and deletes (200)', async () => {
    const created = await call('POST', '/profileAndServices/profile', {
      email: 'new.person@example.com',
      ccpaOptOut: true,
    });
    expect(created.status).toBe(201);
    const p = created.body;
    expect(p).toMatchObject({
      email: 'new.person@example.com',
      gender: 'unknown',
      ccpaOptOut: true,
      middleName: '',
    });
    expect(p.PKey).toMatch(/^@/);
    expect(p.created).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(p.href).toBe(`${root()}/profileAndServices/profile/${p.PKey}`);
    const patched = await call('PATCH', `/profileAndServices/profile/${p.PKey}`, { firstName: 'Newly' });
    expect(patched).toMatchObject({ status: 200, body: { PKey: p.PKey, href: p.href } });
    expect((await call('GET', p.href)).body.firstName).toBe('Newly');
    expect((await call('GET', '/profileAndServices/profile/_count')).body.count).toBe(61);
    expect((await call('DELETE', p.href)).status).toBe(200);
    expect((await call('GET', p.href)).status).toBe(404);
    expect((await call('GET', '/profileAndServices/profile/_count')).body.count).toBe(60);
  });

  it('filters by email and text, projects a field, and sorts', async () => {
    const first = (await call('GET', '/profileAndServices/profile?_lineCount=1')).body.content[0];
    const byEmail = await call(
      'GET',
      `/profileAndServices/profile/byEmail?email=${encodeURIComponent(first.email)}`,
    );
    expect(byEmail.body.content.map((p: Json) => p.PKey)).toEqual([first.PKey]);
    const prefix = first.email.slice(0, 3);
    const byText = (await call('GET', `/profileAndServices/profile/byText?text=${prefix}&_lineCount=100`))
      .body.content;
    expect(byText.length).toBeGreaterThan(0);
    for (const p of byText) expect(p.email.startsWith(prefix) || p.lastName.startsWith(prefix)).toBe(true);
    const count = await call('GET', `/profileAndServices/profile/byText/_count?text=${prefix}`);
    expect(count.body.count).toBe(byText.length);
    const emails = (await call('GET', '/profileAndServices/profile/email?_lineCount=3')).body.content;
    expect(emails).toHaveLength(3);
    expect(typeof emails[0]).toBe('string');
    const desc = (await call('GET', '/profileAndServices/profile?_order=email%20desc&_lineCount=60')).body
      .content;
    const sorted = desc.map((p: Json) => p.email);
    expect(sorted).toEqual([...sorted].sort().reverse());
  });

  it('answers backend errors as Campaign does', async () => {
    const bad = await call('GET', '/profileAndServices/profile/@notAKey');
    expect(bad.status).toBe(500);
    expect(bad.body).toMatch(/attribute unknown .*XTK-170036/);
    const first = (await call('GET', '/profileAndServices/profile?_lineCount=1')).body.content[0];
    const gender = await call('PATCH', first.href, { gender: 'invalid' });
    expect(gender.status).toBe(500);
    expect(gender.body).toContain(
      "The value 'invalid' is not valid for the 'nms:recipient:gender' enumeration",
    );
    const age = await call('PATCH', first.href, { age: 3 });
    expect(age.status).toBe(500);
    expect(age.body).toContain("Cannot update the 'age' property that is read-only");
    const unknown = await call('GET', '/profileAndServices/nothingHere');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatch(/^RST-360011/);
    expect(unknown.type).toContain('application/json');
  });
});

describe('services and subscriptions', () => {
  it('lists, chains filters, creates (201) and refuses a duplicate name', async () => {
    const list = (await call('GET', '/profileAndServices/service')).body.content;
    expect(list.length).toBeGreaterThanOrEqual(5);
    const chained = (
      await call('GET', '/profileAndServices/service/byChannel/byText?channel=email&text=Sport')
    ).body.content;
    expect(chained.map((s: Json) => s.name)).toEqual(['SVC1']);
    const created = await call('POST', '/profileAndServices/service', {
      label: 'My newsletter',
      messageType: 'email',
      name: 'email_newsletter',
      start: '2019-10-06',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ builtIn: false, label: 'My newsletter', name: 'email_newsletter' });
    expect((await call('GET', created.body.href)).body.name).toBe('email_newsletter');
    const dup = await call('POST', '/profileAndServices/service', { name: 'email_newsletter' });
    expect(dup.status).toBe(500);
    expect(dup.body).toContain('duplicate key');
    const rename = await call('PATCH', created.body.href, { name: 'other' });
    expect(rename.status).toBe(500);
    expect(rename.body).toContain('RST-360012');
  });

  it('subscribes from both sides, lists both ways and unsubscribes (204)', async () => {
    const profile = (await call('POST', '/profileAndServices/profile', { email: 'sub@example.com' })).body;
    const service = (await call('POST', '/profileAndServices/service', { name: 'subs_test', label: 'Subs' }))
      .body;
    const other = (await call('GET', '/profileAndServices/service/byText?text=Weekly')).body.content[0];
    const viaProfile = await call('POST', `${profile.href}/subscriptions`, {
      service: { PKey: service.PKey },
    });
    expect(viaProfile.status).toBe(201);
    expect(viaProfile.body).toMatchObject({ metadata: 'subscriptionRcp', serviceName: 'subs_test' });
    const viaService = await call('POST', `${other.href}/subscriptions/`, {
      subscriber: { PKey: profile.PKey },
    });
    expect(viaService.status).toBe(201);
    expect(viaService.body.subscriber.email).toBe('sub@example.com');
    const mine = (await call('GET', profile.subscriptions.href)).body.content;
    expect(mine.map((s: Json) => s.serviceName).sort()).toEqual(['SVC2', 'subs_test']);
    const subscribers = (await call('GET', service.subscriptions.href)).body.content;
    expect(subscribers.map((s: Json) => s.subscriber.PKey)).toEqual([profile.PKey]);
    const removed = await fetch(subscribers[0].href, { method: 'DELETE', headers });
    expect(removed.status).toBe(204);
    expect((await call('GET', service.subscriptions.href)).body.content).toEqual([]);
  });
});

describe('history, metadata, extended and custom resources', () => {
  it('serves a profile history and its events', async () => {
    const first = (await call('GET', '/profileAndServices/profile?_lineCount=1')).body.content[0];
    const history = await call('GET', `/profileAndServices/history/${first.PKey}`);
    expect(history.status).toBe(200);
    expect(history.body.events).toMatchObject({ metadata: 'subHisto' });
    const events = (await call('GET', history.body.events.href)).body.content;
    expect(events.length).toBe(3);
    expect(events[0]).toMatchObject({ category: 'email', type: 'outbound' });
    expect((await call('GET', events[1].href)).body.PKey).toBe(events[1].PKey);
  });

  it('describes resources and their filters', async () => {
    const meta = (await call('GET', '/profileAndServices/resourceType/profile')).body;
    expect(meta).toMatchObject({ name: 'profile', schema: 'nms:recipient' });
    expect(meta.content.email).toMatchObject({ type: 'string', sortable: true, length: '128' });
    expect(meta.content.age.readOnly).toBe(true);
    expect(meta.content.cusCrmId).toBeUndefined();
    const filters = (await call('GET', meta.filters.href)).body;
    expect(filters.byText.data).toBe('/profileAndServices/profile/byText?text=$value&filterType=$value');
    const ext = (await call('GET', '/profileAndServicesExt/resourceType/profile')).body;
    expect(ext.content.cusCrmId).toBeDefined();
    for (const name of ['service', 'history'])
      expect((await call('GET', `/profileAndServices/resourceType/${name}`)).body.name).toBe(name);
  });

  it('serves profile org units and a linked custom resource on the Ext family', async () => {
    const profile = (await call('GET', '/profileAndServicesExt/profile?_lineCount=1')).body.content[0];
    expect(profile.orgUnit.href).toContain('/profileAndServicesExt/orgUnitBase/');
    const units = (await call('GET', '/profileAndServicesExt/orgUnitBase')).body.content;
    const brand4 = units.find((u: Json) => u.name === 'brand4');
    expect((await call('PATCH', brand4.href, { label: 'Brand Four' })).status).toBe(200);
    expect((await call('GET', brand4.href)).body.title).toBe('Brand Four (brand4)');
    expect((await call('PATCH', profile.href, { orgUnit: { PKey: brand4.PKey } })).status).toBe(200);
    expect((await call('GET', profile.href)).body.orgUnit.PKey).toBe(brand4.PKey);

    const loyalty = await call('POST', '/profileAndServicesExt/cusLoyalty', {
      tier: 'gold',
      points: 5,
      profile: { PKey: profile.PKey },
    });
    expect(loyalty.status).toBe(201);
    expect(loyalty.body.profile.PKey).toBe(profile.PKey);
    expect((await call('GET', `${profile.href}/cusLoyalty`)).body.content.map((l: Json) => l.PKey)).toContain(
      loyalty.body.PKey,
    );
    expect((await call('PATCH', loyalty.body.href, { points: 9 })).status).toBe(200);
    expect((await call('GET', loyalty.body.href)).body.points).toBe(9);
    expect((await call('DELETE', loyalty.body.href)).status).toBe(200);
    expect((await call('GET', loyalty.body.href)).status).toBe(404);
    const listing = (await call('GET', '/profileAndServicesExt/')).body;
    expect(listing.cusLoyalty.name).toBe('cusLoyalty');
    expect((await call('GET', '/profileAndServices/cusLoyalty')).status).toBe(404);
  });

  it('serves unlinked custom resources', async () => {
    const stores = (await call('GET', '/customResources/cusStore')).body.content;
    expect(stores.length).toBeGreaterThan(0);
    const created = await call('POST', '/customResources/cusStore', { name: 'store9', city: 'Lyon' });
    expect(created.status).toBe(201);
    expect((await call('PATCH', created.body.href, { city: 'Nice' })).status).toBe(200);
    expect((await call('GET', created.body.href)).body.city).toBe('Nice');
    expect((await call('DELETE', created.body.href)).status).toBe(200);
    expect((await call('GET', '/customResources/resourceType/cusStore')).body.name).toBe('cusStore');
  });
});

describe('workflows', () => {
  it('reads a workflow, controls it and triggers its signal with checks and cooldown', async () => {
    const wf = (await call('GET', '/workflow/execution/WKF2')).body;
    const trigger = wf.activities.activity.signal1.trigger.href;
    const fire = (body: unknown) => fetch(trigger, { method: 'POST', headers, body: JSON.stringify(body) });
    expect((await fire({ source: 'API', parameters: {} })).status).toBe(500); // not running
    expect((await call('POST', '/workflow/execution/WKF2/commands', { method: 'start' })).body.state).toBe(
      'started',
    );
    expect((await fire({ parameters: {} })).status).toBe(500); // no source
    const undeclared = await fire({ source: 'API', parameters: { contentURL: 'x' } });
    expect(await undeclared.json()).toContain("'contentURL' parameter isn't defined in signal activity");
    expect((await fire({ source: 'API', parameters: { amount: 'many' } })).status).toBe(500);
    const ok = await fire({
      source: 'API',
      parameters: {
        email: 'anna@example.com',
        test: 'true',
        amount: 3,
        attribute: '2019-04-03 08:17:19.100Z',
      },
    });
    expect(ok.status).toBe(200);
    const again = await fire({ source: 'API', parameters: {} });
    expect(again.headers.get('content-type')).toContain('text/plain');
    expect((await again.text()).startsWith('T')).toBe(true);
    for (const [method, state] of [
      ['pause', 'paused'],
      ['resume', 'started'],
      ['stop', 'stopped'],
    ])
      expect((await call('POST', `${wf.href}/commands`, { method })).body.state).toBe(state);
    expect((await call('POST', `${wf.href}/commands`, { method: 'explode' })).status).toBe(500);
    expect((await call('GET', '/workflow/execution/NOPE')).status).toBe(404);
  });
});

describe('transactional events and privacy', () => {
  it('accepts an event and moves it from pending to processed', async () => {
    const sent = await call(
      'POST',
      '/mcacme/EVTcartAbandonment',
      { email: 'jack@example.com', ctx: { cartAmount: '$ 125' } },
      { 'Content-Type': 'application/json;charset=utf-8' },
    );
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ status: 'pending', email: '', ctx: { cartAmount: '' } });
    expect(sent.body.href).toBe(`mcacme/EVTcartAbandonment/${sent.body.PKey}`);
    expect((await call('GET', `/${sent.body.href}`)).body.status).toBe('pending');
    expect((await call('GET', `/${sent.body.href}`)).body.status).toBe('processed');
    expect((await call('POST', '/mcother/EVTcartAbandonment', {})).status).toBe(404);
  });

  it('creates and lists privacy requests and returns the data file as a JSON string', async () => {
    const created = await call('POST', '/privacy/privacyTool', {
      name: 'PT11832',
      namespaceName: 'AMCDS2',
      reconciliationValue: 'customers@adobe.com',
      regulation: 'gdpr',
      label: 'Access customers',
      type: 'access',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'new',
      regulation: 'gdpr',
      title: 'Access customers (PT11832)',
    });
    const list = (await call('GET', '/privacy/privacyTool')).body.content;
    expect(list.map((r: Json) => r.PKey)).toContain(created.body.PKey);
    expect((await call('GET', created.body.href)).body.status).toBe('complete');
    const file = await call('POST', created.body.privacyRequestData.href, { name: 'PT11832' });
    expect(file.status).toBe(200);
    expect(typeof file.body).toBe('string');
    expect(file.body).toContain('gdprRequestData');
    const bad = await call('POST', '/privacy/privacyTool', {
      name: 'x',
      namespaceName: 'y',
      reconciliationValue: 'z',
      regulation: 'gdpr',
      type: 'erase',
    });
    expect(bad.status).toBe(500);
  });
});
