import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { apiHeaders, oauthToken } from './helpers.js';

// The emulator is as strict as Campaign where Adobe's pages (AdobeDocs/campaign-standard.en,
// help/api/using/*.md) document a behaviour; docs/conformance.md lists the choices made where they
// do not. Every call here goes over real HTTP.

// biome-ignore lint/suspicious/noExplicitAny: the tests read untyped JSON answers
type Json = any;
const GENERIC = 'RST-360011 An error has occurred - please contact your administrator.';
const OOPS = 'Oops. Something went wrong. Check your URI and try again.';
const JSON_UTF8 = 'application/json;charset=utf-8';

let emulator: Emulator;
let headers: Record<string, string>;
beforeAll(async () => {
  emulator = await startEmulator({ profiles: 30, seed: 11 });
  headers = apiHeaders(emulator, await oauthToken(emulator));
});
afterEach(() => emulator.faults.clear());
afterAll(() => emulator.stop());

const root = () => `${emulator.baseUrl}/acme/campaign`;

/** A call with the test's headers; `body` is sent as given when it is a string or bytes. */
async function call(
  method: string,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string | undefined> = {},
): Promise<{ status: number; body: Json; type: string }> {
  const merged: Record<string, string> = { ...headers };
  for (const [name, value] of Object.entries(extraHeaders)) {
    for (const key of Object.keys(merged)) if (key.toLowerCase() === name.toLowerCase()) delete merged[key];
    if (value !== undefined) merged[name] = value;
  }
  const res = await fetch(path.startsWith('http') ? path : `${root()}${path}`, {
    method,
    headers: merged,
    body:
      body === undefined || typeof body === 'string' || body instanceof Uint8Array
        ? (body as BodyInit | undefined)
        : JSON.stringify(body),
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

const firstProfile = async (family = 'profileAndServices') =>
  (await call('GET', `/${family}/profile?_lineCount=1`)).body.content[0];
const profileCount = async () => (await call('GET', '/profileAndServices/profile/_count')).body.count;

describe('transactional event status (managing-transactional-messages.md: read with GET)', () => {
  it('is read with GET only; other methods on the status href answer 404 and do not read it', async () => {
    const sent = await call(
      'POST',
      '/mcacme/EVTorderConfirmation',
      { email: 'strict@example.com', ctx: { orderId: '42' } },
      { 'Content-Type': JSON_UTF8 },
    );
    expect(sent.status).toBe(201);
    const href = `/${sent.body.href}`;
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) {
      const refused = await call(method, href, method === 'DELETE' ? undefined : {}, {
        'Content-Type': JSON_UTF8,
      });
      expect(refused.status, method).toBe(404);
      expect(refused.body).toMatch(/^RST-360011 .*Unable to find document with path 'EVTorderConfirmation'/);
    }
    // None of the refused calls counted as a read: the first GET still sees `pending`.
    expect(await call('GET', href)).toMatchObject({ status: 200, body: { status: 'pending' } });
    expect((await call('GET', href)).body.status).toBe('processed');
  });
});

describe('Content-Type of JSON bodies', () => {
  it('refuses a body that is not sent as application/json with 415, before reading it', async () => {
    const before = await profileCount();
    const cases: Array<[string | undefined, string]> = [
      ['text/plain', '{"email":"plain@example.com"}'],
      ['application/x-www-form-urlencoded', 'email=form%40example.com'],
      ['application/jsonx', '{"email":"x@example.com"}'],
      [undefined, '{"email":"none@example.com"}'],
    ];
    for (const [type, body] of cases) {
      const sent = type === undefined ? new TextEncoder().encode(body) : body;
      const res = await call('POST', '/profileAndServices/profile', sent, { 'Content-Type': type });
      expect(res.status, String(type)).toBe(415);
      expect(res.body).toBe(
        `${GENERIC} Unsupported content type '${type ?? ''}': the request body must be sent as 'application/json'.`,
      );
    }
    // An unreadable body sent as text is refused for its type, not for its content.
    const garbage = await call('POST', '/profileAndServices/profile', 'not json', {
      'Content-Type': 'text/plain',
    });
    expect(garbage.status).toBe(415);
    const profile = await firstProfile();
    const patch = await call('PATCH', profile.href, '{"firstName":"Plain"}', {
      'Content-Type': 'text/plain',
    });
    expect(patch.status).toBe(415);
    expect((await call('GET', profile.href)).body.firstName).toBe(profile.firstName);
    expect(await profileCount()).toBe(before);
  });

  it('accepts application/json with parameters and any letter case, and an empty body without a type', async () => {
    for (const type of ['application/json', 'Application/JSON; charset=UTF-8', JSON_UTF8]) {
      const res = await call(
        'POST',
        '/profileAndServices/profile',
        { email: `ct.${type.length}@example.com` },
        {
          'Content-Type': type,
        },
      );
      expect(res.status, type).toBe(201);
    }
    const empty = await call('POST', '/profileAndServices/profile', undefined, { 'Content-Type': undefined });
    expect(empty).toMatchObject({ status: 201, body: { email: '', gender: 'unknown' } });
  });

  it('needs a charset on a transactional event (managing-transactional-messages.md)', async () => {
    const event = { email: 'jack@example.com', ctx: { cartAmount: '$ 125' } };
    const bare = await call('POST', '/mcacme/EVTcartAbandonment', event, {
      'Content-Type': 'application/json',
    });
    expect(bare.status).toBe(415);
    expect(bare.body).toContain("'application/json' with a charset, e.g. 'application/json;charset=utf-8'");
    const ok = await call('POST', '/mcacme/EVTcartAbandonment', event, { 'Content-Type': JSON_UTF8 });
    expect(ok).toMatchObject({ status: 201, body: { status: 'pending' } });
  });
});

describe('fields a body may write', () => {
  it("refuses a field the resource does not have with Campaign's text", async () => {
    const unknown = await call('POST', '/profileAndServices/profile', {
      email: 'u@example.com',
      cusExtra: 'x',
    });
    expect(unknown).toMatchObject({
      status: 500,
      body: `${GENERIC} 'cusExtra' property is not valid for the 'profile' resource.`,
    });
    // Extended fields belong to /profileAndServicesExt only (endpoints.md).
    const ext = await call('POST', '/profileAndServices/profile', { cusCrmId: 'CRM1' });
    expect(ext.body).toBe(`${GENERIC} 'cusCrmId' property is not valid for the 'profile' resource.`);
    const extOk = await call('POST', '/profileAndServicesExt/profile', {
      email: 'e@example.com',
      cusCrmId: 'CRM1',
    });
    expect(extOk).toMatchObject({ status: 201, body: { cusCrmId: 'CRM1' } });
    // The elements of an item are checked too.
    const location = await call('POST', '/profileAndServices/profile', {
      location: { city: 'Lyon', planet: 'Mars' },
    });
    expect(location.body).toBe(`${GENERIC} 'planet' property is not valid for the 'profile' resource.`);
    const service = (await call('GET', '/profileAndServices/service?_lineCount=1')).body.content[0];
    const patched = await call('PATCH', service.href, { colour: 'blue' });
    expect(patched.body).toBe(`${GENERIC} 'colour' property is not valid for the 'service' resource.`);
    const store = await call('POST', '/customResources/cusStore', { name: 'x', floor: 2 });
    expect(store.body).toBe(`${GENERIC} 'floor' property is not valid for the 'cusStore' resource.`);
  });

  it("refuses a write to a read-only field with Campaign's text (troubleshooting.md)", async () => {
    const profile = await firstProfile();
    const age = await call('PATCH', profile.href, { age: 3 });
    expect(age).toMatchObject({
      status: 500,
      body: `${GENERIC} Cannot update the 'age' property that is read-only. 'age' property is not valid for the 'profile' resource.`,
    });
    const created = await call('POST', '/profileAndServices/profile', {
      created: '2020-01-01 00:00:00.000Z',
    });
    expect(created.body).toContain("Cannot update the 'created' property that is read-only");
    const unit = (await call('GET', '/profileAndServicesExt/orgUnitBase?_lineCount=1')).body.content[0];
    const parent = await call('PATCH', unit.href, { parentTitle: 'Nobody' });
    expect(parent.body).toContain("Cannot update the 'parentTitle' property that is read-only");
    expect((await call('GET', profile.href)).body.age).toBe(profile.age);
  });

  it('ignores the PKey and href the API itself returns', async () => {
    const profile = await firstProfile();
    const res = await call('PATCH', profile.href, {
      PKey: profile.PKey,
      href: profile.href,
      middleName: 'Q',
    });
    expect(res).toMatchObject({ status: 200, body: { PKey: profile.PKey } });
  });
});

describe('order of the checks', () => {
  it('reports a value outside an enumeration as such, whatever the path', async () => {
    const enumeration = `${GENERIC} The value 'invalid' is not valid for the 'nms:recipient:gender' enumeration of the '@gender' field`;
    const profile = await firstProfile();
    const removed = (await call('POST', '/profileAndServices/profile', { email: 'gone@example.com' })).body;
    expect((await call('DELETE', removed.href)).status).toBe(200);
    for (const path of [
      '/profileAndServices/profile',
      '/profileAndServicesExt/profile',
      profile.href,
      (await firstProfile('profileAndServicesExt')).href,
      '/profileAndServices/profile/@notAKey',
      removed.href,
    ]) {
      const method = path.includes('@') ? 'PATCH' : 'POST';
      const res = await call(method, path, { gender: 'invalid' });
      expect(res, `${method} ${path}`).toMatchObject({ status: 500, body: enumeration });
    }
    // With a valid body, the same paths answer for their key.
    expect((await call('PATCH', '/profileAndServices/profile/@notAKey', { gender: 'male' })).body).toMatch(
      /'notAKey' attribute unknown/,
    );
    expect((await call('PATCH', removed.href, { gender: 'male' })).status).toBe(404);
  });

  it('checks the type, then the JSON, then the fields in body order, then the record', async () => {
    const profile = await firstProfile();
    expect(
      (await call('PATCH', '/profileAndServices/profile/@notAKey', '{', { 'Content-Type': 'text/plain' }))
        .status,
    ).toBe(415);
    expect((await call('PATCH', '/profileAndServices/profile/@notAKey', '{')).body).toContain(
      'XTK-170006 Unable to parse the JSON document',
    );
    expect((await call('PATCH', profile.href, { nickname: 'x', age: 3 })).body).toContain(
      "'nickname' property is not valid",
    );
    expect((await call('PATCH', profile.href, { age: 3, nickname: 'x' })).body).toContain(
      "Cannot update the 'age' property",
    );
    expect((await call('PATCH', profile.href, { gender: 'x', age: 3 })).body).toContain("The value 'x'");
  });

  it("words key changes and duplicate keys as Campaign Standard does (Campaign v8 migration page's table)", async () => {
    const created = (await call('POST', '/profileAndServices/service', { name: 'STRICT1', label: 'Strict' }))
      .body;
    const rename = await call('PATCH', created.href, { name: 'STRICT2' });
    expect(rename).toMatchObject({
      status: 500,
      body: `${GENERIC} RST-360012 Inconsistent operation on resource 'service' – Cannot update key 'STRICT1' to 'STRICT2'.`,
    });
    const duplicate = await call('POST', '/profileAndServices/service', { name: 'STRICT1' });
    expect(duplicate.status).toBe(500);
    expect(duplicate.body).toMatch(
      /^A 'Service' with the same key 'STRICT1' already exists\. PGS-220000 PostgreSQL error: ERROR: {2}duplicate key value violates unique constraint "nmsservice_name"/,
    );
  });
});

describe('the gateway\'s "Oops … Check your URI" body, with 502 and with 500', () => {
  it('answers 502 for an unknown tenant and for a default cname fault', async () => {
    const unknown = await call('GET', `${emulator.baseUrl}/globex/campaign/profileAndServices/profile`);
    expect(unknown).toMatchObject({ status: 502, body: { code: 502, message: OOPS } });
    emulator.faults.inject({ target: 'api', kind: 'cname', times: 1 });
    expect(await call('GET', '/profileAndServices/profile')).toMatchObject({
      status: 502,
      body: { code: 502, message: OOPS },
    });
  });

  it('answers 500 for a cname fault with status 500 and for a URI outside /<tenant>/campaign', async () => {
    emulator.faults.inject({ target: 'api', kind: 'cname', status: 500, times: 1 });
    expect(await call('GET', '/profileAndServices/profile')).toMatchObject({
      status: 500,
      body: { code: 500, message: OOPS },
    });
    expect((await call('GET', '/profileAndServices/profile')).status).toBe(200);
    for (const path of ['/acme/campaigns/profileAndServices/profile', '/acme', '/']) {
      const res = await call('GET', `${emulator.baseUrl}${path}`);
      expect(res, path).toMatchObject({ status: 500, body: { code: 500, message: OOPS } });
    }
  });

  it('refuses a cname fault with another status', () => {
    expect(() => emulator.faults.inject({ target: 'api', kind: 'cname', status: 503 })).toThrow(TypeError);
  });
});
