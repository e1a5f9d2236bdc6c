import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { apiHeaders, oauthToken } from './helpers.js';

// The request/response examples of Adobe's API pages (AdobeDocs/campaign-standard.en,
// help/api/using/*.md), sent to the emulator as the pages write them: same method, path shape,
// headers and body, with the emulator's tenant and records in place of the placeholders. Each test
// is named in docs/conformance.md, next to the examples it checks.

// biome-ignore lint/suspicious/noExplicitAny: the tests read untyped JSON answers
type Json = any;
const GENERIC = 'RST-360011 An error has occurred - please contact your administrator.';

let emulator: Emulator;
/** The headers of every sample (setting-up-api-access.md). */
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
): Promise<{ status: number; body: Json; type: string }> {
  const res = await fetch(path.startsWith('http') ? path : `${root()}${path}`, {
    method,
    headers: { ...headers, ...extraHeaders },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Json = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // a text body stays a string
  }
  return { status: res.status, body: parsed, type: res.headers.get('content-type') ?? '' };
}

/** The charset header of the transactional, privacy and CCPA samples. */
const UTF8 = { 'Content-Type': 'application/json;charset=utf-8' };
const firstProfile = async (family = 'profileAndServices') =>
  (await call('GET', `/${family}/profile?_lineCount=1`)).body.content[0];

describe('profiles', () => {
  it('GET the profile collection with the setup headers answers the list envelope', async () => {
    const { status, body } = await call('GET', '/profileAndServices/profile');
    expect(status).toBe(200);
    expect(body.content).toHaveLength(25);
    expect(body.content[0]).toMatchObject({
      PKey: expect.stringMatching(/^@/),
      birthDate: expect.any(String),
    });
    expect(body.serverSidePagination).toBe(true);
    expect(body.count.href).toContain('/profileAndServices/profile/_count');
  });

  it('GET profile.json answers JSON, as without the suffix', async () => {
    const plain = await call('GET', '/profileAndServices/profile?_lineCount=3');
    const suffixed = await call('GET', '/profileAndServices/profile.json?_lineCount=3');
    expect(suffixed.type).toContain('application/json');
    expect(suffixed.body.content.map((p: Json) => p.PKey)).toEqual(
      plain.body.content.map((p: Json) => p.PKey),
    );
  });

  it('GET a profile by PKey answers the record with its subscriptions href', async () => {
    const first = await firstProfile();
    const { status, body } = await call('GET', `/profileAndServices/profile/${first.PKey}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      PKey: first.PKey,
      preferredLanguage: 'none',
      subscriptions: { href: `${root()}/profileAndServices/profile/${first.PKey}/subscriptions/` },
    });
  });

  it('POST a profile answers 201 and the record with its defaults', async () => {
    const john = await call('POST', '/profileAndServices/profile', { email: 'john.doe@mail.com' });
    expect(john.status).toBe(201);
    expect(john.body).toMatchObject({ PKey: expect.stringMatching(/^@/), email: 'john.doe@mail.com' });
    const doe = await call('POST', '/profileAndServices/profile', { lastName: 'Doe' });
    expect(doe.body).toMatchObject({ lastName: 'Doe', email: '', gender: 'unknown', birthDate: '' });
  });

  it('PATCH a profile answers its PKey and href, and the change reads back', async () => {
    const first = await firstProfile();
    const patched = await call('PATCH', `/profileAndServices/profile/${first.PKey}`, { phone: '3301020304' });
    expect(patched).toMatchObject({
      status: 200,
      body: { PKey: first.PKey, href: `${root()}/profileAndServices/profile/${first.PKey}` },
    });
    expect(Object.keys(patched.body).sort()).toEqual(['PKey', 'href']);
    expect((await call('GET', patched.body.href)).body.phone).toBe('3301020304');
    const both = await call('PATCH', patched.body.href, { firstName: 'Mark', lastName: 'Smith' });
    expect(both.status).toBe(200);
  });

  it('DELETE a profile answers 200', async () => {
    const created = (await call('POST', '/profileAndServices/profile', { email: 'bye@example.com' })).body;
    const removed = await call('DELETE', `/profileAndServices/profile/${created.PKey}`);
    expect(removed).toMatchObject({ status: 200, body: undefined });
  });

  it('GET profile/email?_lineCount=10 answers bare values and a next href', async () => {
    const { body } = await call('GET', '/profileAndServices/profile/email?_lineCount=10');
    expect(body.content).toHaveLength(10);
    for (const email of body.content) expect(email).toMatch(/@/);
    const next = new URL(body.next.href);
    expect(next.pathname).toMatch(/\/profileAndServices\/profile\/email\/?$/);
    expect(next.searchParams.get('_lineStart')).toMatch(/^@/);
  });

  it('GET profile?_lineCount=1 answers one record and a next href', async () => {
    const { body } = await call('GET', '/profileAndServices/profile?_lineCount=1');
    expect(body.content).toHaveLength(1);
    expect(body.content[0]).toMatchObject({ PKey: expect.any(String), firstName: expect.any(String) });
    const next = await call('GET', body.next.href);
    expect(next.body.content).toHaveLength(1);
    expect(next.body.content[0].PKey).not.toBe(body.content[0].PKey);
  });

  it('GET profile/email?_order=email%20asc, then %20desc, sorts the values', async () => {
    const asc = (await call('GET', '/profileAndServices/profile/email?_order=email%20asc&_lineCount=60')).body
      .content;
    expect(asc).toEqual([...asc].sort((a: string, b: string) => a.localeCompare(b)));
    const desc = (await call('GET', '/profileAndServices/profile/email?_order=email%20desc&_lineCount=60'))
      .body.content;
    expect(desc).toEqual([...desc].sort((a: string, b: string) => b.localeCompare(a)));
  });

  it('GET profile/byEmail and profile/byText?text=<last name> find the profiles', async () => {
    const first = await firstProfile();
    const byEmail = await call('GET', `/profileAndServices/profile/byEmail?email=${first.email}`);
    expect(byEmail.body.content.map((p: Json) => p.PKey)).toEqual([first.PKey]);
    const byText = await call('GET', `/profileAndServices/profile/byText?text=${first.lastName}`);
    expect(byText.body.content.length).toBeGreaterThan(0);
    for (const p of byText.body.content) expect(p.lastName.startsWith(first.lastName)).toBe(true);
  });

  it('ccpaOptOut is read, created and patched like any profile field', async () => {
    const first = await firstProfile();
    expect(
      typeof (await call('GET', `/profileAndServices/profile/${first.PKey}`, undefined, UTF8)).body
        .ccpaOptOut,
    ).toBe('boolean');
    const created = await call(
      'POST',
      '/profileAndServices/profile/',
      { firstName: 'John', lastName: 'Doe', email: 'jdoe@mail.com', ccpaOptOut: true },
      UTF8,
    );
    expect(created).toMatchObject({ status: 201, body: { email: 'jdoe@mail.com', ccpaOptOut: true } });
    const patched = await call(
      'PATCH',
      `/profileAndServices/profile/${first.PKey}`,
      { ccpaOptOut: true },
      UTF8,
    );
    expect(patched.status).toBe(200);
    expect((await call('GET', patched.body.href)).body.ccpaOptOut).toBe(true);
    // The pages write the family `profilesAndServices`: there is no such family.
    expect((await call('GET', `/profilesAndServices/profile/${first.PKey}`)).status).toBe(404);
  });
});

describe('filters, counts and metadata', () => {
  it('GET service/byChannel?channel=sms, then its count href, answers the count', async () => {
    const list = await call('GET', '/profileAndServices/service/byChannel?channel=sms');
    expect(list.body.content.length).toBeGreaterThan(0);
    for (const s of list.body.content) expect(s).toMatchObject({ messageType: 'sms', mode: 'newsletter' });
    expect(list.body.serverSidePagination).toBe(true);
    expect(list.body.count.href).toMatch(/\/profileAndServices\/service\/byChannel\/_count\?channel=sms/);
    const count = await call('GET', list.body.count.href);
    expect(count.body).toEqual({ count: list.body.content.length });
  });

  it('GET service/byChannel?channel=email and byChannel/byText chained', async () => {
    const email = (await call('GET', '/profileAndServices/service/byChannel?channel=email')).body.content;
    expect(email.length).toBeGreaterThan(0);
    for (const s of email) expect(s.messageType).toBe('email');
    const sport = (await call('GET', '/profileAndServices/service/byChannel/byText?channel=email&text=sport'))
      .body.content;
    expect(sport.map((s: Json) => s.label)).toEqual(['Sport Newsletter']);
  });

  it('GET resourceType/profile answers the metadata, its filters href the filters', async () => {
    const meta = (await call('GET', '/profileAndServices/resourceType/profile')).body;
    expect(meta).toMatchObject({
      data: '/profileAndServices/profile/',
      href: `${root()}/profileAndServices/profile/metadata`,
      label: 'Profiles',
      mandatory: false,
      name: 'profile',
      pkgStatus: 'never',
      readOnly: false,
      schema: 'nms:recipient',
      type: 'item',
    });
    expect(meta.content.email).toMatchObject({ apiName: 'email', type: 'string' });
    expect(meta.filters.href).toMatch(/\/profileAndServices\/resourceType\/@[^/]+\/filters\/$/);
    const filters = (await call('GET', meta.filters.href)).body;
    expect(filters.byText).toMatchObject({ category: '99_none', formType: 'none', fragmentName: '' });
  });

  it('GET /profileAndServicesExt/ lists the custom resources linked to profile', async () => {
    const { body } = await call('GET', '/profileAndServicesExt/');
    expect(body.apiName).toBe('resourceType');
    expect(body.cusLoyalty).toMatchObject({ name: 'cusLoyalty', data: '/profileAndServicesExt/cusLoyalty/' });
    expect(body.cusLoyalty.href).toBe(`${root()}/profileAndServicesExt/cusLoyalty/metadata`);
  });

  it('GET /customResources/resourceType/<name>, then POST /customResources/<name>', async () => {
    expect((await call('GET', '/customResources/resourceType/cusStore')).body.name).toBe('cusStore');
    const created = await call('POST', '/customResources/cusStore', { name: 'store42', city: 'Lyon' });
    expect(created).toMatchObject({ status: 201, body: { name: 'store42', city: 'Lyon' } });
  });
});

describe('services and subscriptions', () => {
  it("POST service/ with the page's attributes answers the new service", async () => {
    const { status, body } = await call('POST', '/profileAndServices/service/', {
      label: 'My newsletter',
      messageType: 'email',
      name: 'email_newsletter',
      start: '2019-10-06',
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ builtIn: false, label: 'My newsletter', created: expect.any(String) });
    expect(body.href).toBe(`${root()}/profileAndServices/service/${body.PKey}`);
  });

  it('GET a service by PKey, then its subscriptions href, lists its subscribers', async () => {
    const service = (await call('GET', '/profileAndServices/service/byText?text=Sport')).body.content[0];
    const read = await call('GET', `/profileAndServices/service/${service.PKey}`);
    expect(read.body).toMatchObject({ messageType: 'email', name: 'SVC1' });
    expect(read.body.subscriptions.href).toBe(
      `${root()}/profileAndServices/service/${service.PKey}/subscriptions/`,
    );
    const subs = (await call('GET', `/profileAndServices/service/${service.PKey}/subscriptions`)).body
      .content;
    expect(subs.length).toBeGreaterThan(0);
    expect(subs[0]).toMatchObject({
      metadata: 'subscriptionRcp',
      serviceName: 'SVC1',
      email: '',
      expirationDate: '',
      subscriber: { PKey: expect.any(String), href: expect.stringContaining('/profileAndServices/profile/') },
    });
    expect(subs[0].href).toMatch(/\/service\/@[^/]+\/subscriptions\/@[^/]+$/);
  });

  it('GET a profile subscriptions href lists its services', async () => {
    const subscribed = (await call('GET', '/profileAndServices/profile?_lineCount=1')).body.content[0];
    const subs = (await call('GET', `/profileAndServices/profile/${subscribed.PKey}/subscriptions`)).body
      .content;
    expect(subs[0]).toMatchObject({
      created: expect.any(String),
      service: {
        href: expect.stringContaining('/profileAndServices/service/'),
        title: expect.stringMatching(/\(SVC/),
      },
    });
  });

  it('subscribes from the profile and from the service (double slash included), then unsubscribes (204)', async () => {
    const profile = (await call('POST', '/profileAndServices/profile', { email: 'subs@example.com' })).body;
    const [sport, deals] = (await call('GET', '/profileAndServices/service/byChannel?channel=email')).body
      .content;
    const viaProfile = await call('POST', `/profileAndServices/profile/${profile.PKey}/subscriptions`, {
      service: { PKey: sport.PKey },
    });
    expect(viaProfile).toMatchObject({ status: 201, body: { service: { PKey: sport.PKey } } });
    const viaService = await call(
      'POST',
      `${emulator.baseUrl}/acme/campaign//profileAndServices/service/${deals.PKey}/subscriptions/`,
      { subscriber: { PKey: profile.PKey } },
    );
    expect(viaService).toMatchObject({ status: 201, body: { subscriber: { PKey: profile.PKey } } });
    const removed = await call('DELETE', viaService.body.href);
    expect(removed).toMatchObject({ status: 204, body: undefined });
  });
});

describe('marketing history', () => {
  it('GET history/<PKey> has an events href, whose events have mirrorPage links', async () => {
    const first = await firstProfile();
    const history = (await call('GET', `/profileAndServices/history/${first.PKey}`)).body;
    expect(history).toMatchObject({ PKey: first.PKey, firstName: first.firstName });
    expect(history.events).toEqual({
      href: `${root()}/profileAndServices/history/${first.PKey}/events/`,
      metadata: 'subHisto',
    });
    const events = (await call('GET', `/profileAndServices/history/${first.PKey}/events`)).body.content;
    expect(events[0]).toMatchObject({ category: 'email', label: 'Send via email', type: 'outbound' });
    expect(events[0].mirrorPage.href).toBe(`${events[0].href}/mirrorPage/`);
  });
});

describe('organizational units', () => {
  it('a profile of the Ext family links its org unit, which reads, lists, is reassigned and relabelled', async () => {
    const profile = await firstProfile('profileAndServicesExt');
    expect(profile.orgUnit).toMatchObject({
      href: expect.stringContaining('/profileAndServicesExt/orgUnitBase/@'),
      title: expect.stringMatching(/ \(/),
    });
    const unit = (await call('GET', profile.orgUnit.href)).body;
    expect(Object.keys(unit)).toEqual(
      expect.arrayContaining([
        'PKey',
        'created',
        'desc',
        'label',
        'lastModified',
        'name',
        'parentTitle',
        'title',
      ]),
    );
    const units = (await call('GET', '/profileAndServicesExt/orgUnitBase/')).body.content;
    const brand4 = units.find((u: Json) => u.name === 'brand4');
    expect(brand4).toMatchObject({ label: 'Brand 4', parentTitle: 'All (all)', title: 'Brand 4 (brand4)' });
    const moved = await call('PATCH', `/profileAndServicesExt/profile/${profile.PKey}`, {
      orgUnit: { PKey: brand4.PKey },
    });
    expect(moved.status).toBe(200);
    expect((await call('GET', moved.body.href)).body.orgUnit.PKey).toBe(brand4.PKey);
    const relabelled = await call('PATCH', `/profileAndServicesExt/orgUnitBase/${brand4.PKey}`, {
      label: 'Brand Four',
    });
    expect(relabelled.status).toBe(200);
    expect((await call('GET', brand4.href)).body.title).toBe('Brand Four (brand4)');
  });
});

describe('transactional messages', () => {
  it("POST an event with the page's headers and body answers its status, then GET <href> reads it", async () => {
    const sent = await call(
      'POST',
      '/mcacme/EVTcartAbandonment',
      {
        email: 'test@example.com',
        scheduled: '2017-12-01 08:00:00.768Z',
        expiration: '2017-12-31 08:00:00.768Z',
        ctx: { cartAmount: '$ 125', lastProduct: 'Leather motorbike jacket', firstName: 'Jack' },
      },
      UTF8,
    );
    expect(sent.body).toMatchObject({
      PKey: expect.stringMatching(/^@/),
      ctx: { cartAmount: '', lastProduct: '', firstName: '' },
      email: '',
      scheduled: '2017-12-01 08:00:00.768Z',
      expiration: '2017-12-31 08:00:00.768Z',
      href: `mcacme/EVTcartAbandonment/${sent.body.PKey}`,
      status: 'pending',
      type: '',
    });
    expect(typeof sent.body.serverUrl).toBe('string');
    const status = await call('GET', `/${sent.body.href}`);
    expect(status).toMatchObject({ status: 200, body: { PKey: sent.body.PKey, status: 'pending' } });
  });
});

describe('workflows', () => {
  it('POST commands {"method":"start"} and {"method":"stop"} control the workflow', async () => {
    for (const [method, state] of [
      ['start', 'started'],
      ['stop', 'stopped'],
    ]) {
      const res = await call('POST', '/workflow/execution/WKF2/commands', { method });
      expect(res.status).toBe(200);
      expect((await call('GET', '/workflow/execution/WKF2')).body.state).toBe(state);
    }
  });

  it("GET a workflow answers signal1's trigger href; the page's trigger body is refused for contentURL with the page's text", async () => {
    const wf = (await call('GET', '/workflow/execution/WKF1')).body;
    expect(wf.PKey).toMatch(/^@/);
    const trigger = wf.activities.activity.signal1.trigger.href;
    expect(trigger).toMatch(/\/workflow\/execution\/@[^/]+\/activities\/activity\/@[^/]+\/trigger\/$/);
    const refused = await call(
      'POST',
      trigger.replace(/\/$/, ''),
      {
        source: 'API',
        parameters: {
          audience: 'audience',
          email: 'anna.varney@mail.com',
          template: '05',
          contentURL: 'http://www.adobe.com',
          test: 'true',
          segmentCode: 'my segment',
          attribute: '2019-04-03 08:17:19.100Z',
        },
      },
      UTF8,
    );
    expect(refused.status).toBe(500);
    expect(refused.body).toBe(
      [
        GENERIC,
        "'contentURL' parameter isn't defined in signal activity.",
        "XTK-170006 Unable to parse expression 'HandleTrigger(@name, $(source), $({parameters}))'.",
        "RST-360000 Error while assessing 'HandleTrigger(@name, $(source), $({parameters}))' expression ('xtk:workflow:execution/activities/signal/trigger' resource)",
      ].join(' '),
    );
    // The same body without the undeclared parameter triggers the signal.
    const ok = await call(
      'POST',
      trigger,
      {
        source: 'API',
        parameters: {
          audience: 'audience',
          email: 'anna.varney@mail.com',
          template: '05',
          test: 'true',
          segmentCode: 'my segment',
          attribute: '2019-04-03 08:17:19.100Z',
        },
      },
      UTF8,
    );
    expect(ok.status).toBe(200);
  });
});

describe('privacy', () => {
  const request = (name: string, type: string) => ({
    name,
    namespaceName: 'AMCDS2',
    reconciliationValue: 'customers@adobe.com',
    regulation: 'gdpr',
    label: 'Delete customers',
    type,
  });

  it("POST privacyTool with the page's delete request answers the new request", async () => {
    const { status, body } = await call('POST', '/privacy/privacyTool', request('PT11832', 'delete'), UTF8);
    expect(status).toBe(201);
    expect(body).toMatchObject({
      audit: '',
      desc: '',
      href: `${root()}/privacy/privacyTool/${body.PKey}`,
      label: 'Delete customers',
      name: 'PT11832',
      namespace: { PKey: expect.stringMatching(/^@/), title: expect.stringContaining('(AMCDS2)') },
      namespaceName: 'AMCDS2',
      reconciliationValue: 'customers@adobe.com',
      regulation: 'gdpr',
      retryCount: 0,
      status: 'new',
      title: 'Delete customers (PT11832)',
      type: 'delete',
    });
    expect(body.gdprRequestData.href).toBe(`${body.href}/gdprRequestData/`);
  });

  it('GET privacyTool lists (monitors) the requests', async () => {
    await call('POST', '/privacy/privacyTool', request('GDPR6', 'delete'), UTF8);
    const listed = (await call('GET', '/privacy/privacyTool', undefined, UTF8)).body.content;
    const gdpr6 = listed.find((r: Json) => r.name === 'GDPR6');
    expect(gdpr6).toMatchObject({ regulation: 'gdpr', retryCount: 0, type: 'delete' });
  });

  it('an access request shows a privacyRequestData href; POST {"name"} there answers the file as a JSON string', async () => {
    const created = (await call('POST', '/privacy/privacyTool', request('PR2', 'access'), UTF8)).body;
    const listed = (await call('GET', '/privacy/privacyTool', undefined, UTF8)).body.content;
    const pr2 = listed.find((r: Json) => r.name === 'PR2');
    expect(pr2.privacyRequestData.href).toBe(
      `${root()}/privacy/privacyTool/${created.PKey}/privacyRequestData/`,
    );
    const file = await call(
      'POST',
      `/privacy/privacyTool/${created.PKey}/privacyRequestData`,
      { name: 'PR2' },
      UTF8,
    );
    expect(file.status).toBe(200);
    expect(file.body).toMatch(/^\{data:<gdprRequestData .*<table name="nms:recipient">/);
  });
});
