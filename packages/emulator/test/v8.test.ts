import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { apiHeaders, oauthToken } from './helpers.js';

// Campaign v8 for migrated Campaign Standard users: one test per difference Adobe's page
// "Recommendations & limitations" (experience-cloud/campaign/apis/limitations) documents. The list,
// with sources, is docs/campaign-v8.md.

type Json = Record<string, unknown>;
type List = { content: Json[]; count: { href: string }; next?: { href: string } };

let emulator: Emulator;
let headers: Record<string, string>;
let standard: string;
let v8: string;

beforeAll(async () => {
  emulator = await startEmulator({
    profiles: 12,
    seed: 3,
    v8Tenants: [{ name: 'acmev8', migratedFrom: 'acme' }],
  });
  headers = apiHeaders(emulator, await oauthToken(emulator));
  standard = `${emulator.baseUrl}/acme/campaign`;
  v8 = `${emulator.baseUrl}/acmev8/campaign`;
});

afterAll(async () => {
  await emulator?.stop();
});

async function call(
  url: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined
      ? {}
      : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

async function json<T = Json>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const { status, body } = await call(url, init);
  if (status >= 300) throw new Error(`${init.method ?? 'GET'} ${url}: ${status} ${JSON.stringify(body)}`);
  return body as T;
}

/** The same seeded profile, as each platform shows it. */
async function profilePair(index = 1): Promise<{ std: Json; mig: Json }> {
  const std = (await json<List>(`${standard}/profileAndServices/profile?_lineCount=${index + 1}`)).content[
    index
  ]!;
  const mig = (
    await json<List>(
      `${v8}/profileAndServices/profile/byEmail?email=${encodeURIComponent(String(std.email))}`,
    )
  ).content[0]!;
  return { std, mig };
}

describe('Campaign v8 tenant (a migrated Campaign Standard tenant)', () => {
  it('tenant id: serves the Standard tenant’s records under the v8 tenant id, every href carrying it', async () => {
    const std = await json<List>(`${standard}/profileAndServices/profile?_lineCount=3`);
    const mig = await json<List>(`${v8}/profileAndServices/profile?_lineCount=3`);
    expect(mig.content.map((p) => p.email)).toEqual(std.content.map((p) => p.email));
    expect(await json(`${v8}/profileAndServices/profile/_count`)).toEqual({ count: 12 });
    for (const record of mig.content)
      expect(record.href).toMatch(/\/acmev8\/campaign\/profileAndServices\/profile\/@/);
    expect(mig.next?.href).toContain('/acmev8/campaign/');
    expect(mig.count.href).toContain('/acmev8/campaign/');
    // Both are the same data, live: a profile created on Campaign Standard is found on v8.
    const created = await json(`${standard}/profileAndServices/profile`, {
      method: 'POST',
      body: { email: 'migrated@example.com', lastName: 'Moved' },
    });
    const found = await json<List>(`${v8}/profileAndServices/profile/byEmail?email=migrated@example.com`);
    expect(found.content.map((p) => p.lastName)).toEqual(['Moved']);
    expect(found.content[0]!.PKey).not.toBe(created.PKey);
    // The stage instance of the v8 tenant serves the Standard stage's records.
    const stage = await json<List>(
      `${emulator.baseUrl}/acmev8-mkt-stage/campaign/profileAndServices/profile?_lineCount=1`,
    );
    const stdStage = await json<List>(
      `${emulator.baseUrl}/acme-mkt-stage/campaign/profileAndServices/profile?_lineCount=1`,
    );
    expect(stage.content[0]!.email).toBe(stdStage.content[0]!.email);
  });

  it('key usage: hands out its own PKeys; a stored Standard PKey is not found, PKeys and hrefs from v8 calls work', async () => {
    const { std, mig } = await profilePair();
    expect(mig.PKey).not.toBe(std.PKey);
    // A PKey stored from Campaign Standard, in the URI: v8's words from the page's table.
    const stale = await call(`${v8}/profileAndServices/profile/${std.PKey}`);
    expect(stale.status).toBe(404);
    expect(stale.body).toBe(
      `Unable to decrypt PKey. (PKey=${std.PKey}) Unsupported endpoint. (endpoint=rest/profileAndServices/profile/${std.PKey})`,
    );
    // The same key on Campaign Standard still works, and the v8 one there does not.
    expect((await json(`${standard}/profileAndServices/profile/${std.PKey}`)).email).toBe(std.email);
    expect((await call(`${standard}/profileAndServices/profile/${mig.PKey}`)).status).toBe(500);
    // The PKey and the href of an earlier v8 call work, and so do the hrefs they lead to.
    expect((await json(`${v8}/profileAndServices/profile/${mig.PKey}`)).email).toBe(std.email);
    expect((await json(String(mig.href))).email).toBe(std.email);
    const subs = await json<List>(String((mig.subscriptions as Json).href));
    expect(Array.isArray(subs.content)).toBe(true);
  });

  it('available APIs: transactional messages, marketing history, organizational units and privacy are not available', async () => {
    const unavailable = [
      ['POST', 'mcacmev8/EVTcartAbandonment', { email: 'a@example.com', ctx: {} }],
      ['GET', 'profileAndServices/history', undefined],
      ['GET', 'profileAndServicesExt/history', undefined],
      ['GET', 'profileAndServicesExt/orgUnitBase', undefined],
      ['GET', 'profileAndServicesExt/resourceType/orgUnitBase', undefined],
      ['GET', 'profileAndServices/resourceType/history', undefined],
      ['GET', 'privacy/privacyTool', undefined],
    ] as const;
    for (const [method, path, body] of unavailable) {
      const res = await fetch(`${v8}/${path}`, {
        method,
        headers: { ...headers, 'Content-Type': 'application/json;charset=utf-8' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      expect(res.status, path).toBe(404);
      expect(await res.json(), path).toBe(`Unsupported endpoint. (endpoint=rest/${path})`);
      // Campaign Standard serves them all.
      const served = await fetch(`${standard}/${path.replace('mcacmev8', 'mcacme')}`, {
        method,
        headers: { ...headers, 'Content-Type': 'application/json;charset=utf-8' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      expect(served.status, path).toBeLessThan(300);
    }
    // The APIs v8 offers: profiles, services and subscriptions, custom resources, workflows.
    for (const path of [
      'profileAndServices/profile',
      'profileAndServices/service',
      'profileAndServicesExt/cusLoyalty',
      'customResources/cusStore',
      'workflow/execution/WKF1',
    ])
      expect((await call(`${v8}/${path}`)).status, path).toBe(200);
    // An emulator whose v8 tenant serves every API (the list of one rendering of the page).
    const all = await startEmulator({ v8Tenants: [{ name: 'allv8', unavailableApis: [] }] });
    try {
      const h = apiHeaders(all, await oauthToken(all));
      const res = await fetch(`${all.baseUrl}/allv8/campaign/profileAndServicesExt/orgUnitBase`, {
        headers: h,
      });
      expect(res.status).toBe(200);
    } finally {
      await all.stop();
    }
  });

  it('filtering: custom filters by their "Filter name in REST API", without by; the by form is refused on v8', async () => {
    const std = await json<List>(`${standard}/profileAndServicesExt/cusLoyalty/byTier?tier_parameter=gold`);
    const mig = await json<List>(`${v8}/profileAndServicesExt/cusLoyalty/loyaltyTier?tier_parameter=gold`);
    expect(mig.content.length).toBeGreaterThan(0);
    expect(mig.content.map((r) => r.points)).toEqual(std.content.map((r) => r.points));
    expect(mig.count.href).toContain('/cusLoyalty/loyaltyTier/_count?');
    expect(await json(mig.count.href)).toEqual({ count: mig.content.length });
    const stores = await json<List>(`${v8}/customResources/cusStore/storeCity?city_parameter=Paris`);
    expect(stores.content.map((s) => s.city)).toEqual(['Paris']);
    const byForm = await call(`${v8}/profileAndServicesExt/cusLoyalty/byTier?tier_parameter=gold`);
    expect(byForm).toEqual({
      status: 404,
      body: 'Unsupported endpoint. (endpoint=rest/profileAndServicesExt/cusLoyalty/byTier)',
    });
    expect(
      (await call(`${standard}/profileAndServicesExt/cusLoyalty/loyaltyTier?tier_parameter=gold`)).status,
    ).toBe(404);
    // Out-of-the-box filters keep their names on both.
    const text = await json<List>(`${v8}/profileAndServices/service/byChannel?channel=sms`);
    expect(text.content.length).toBeGreaterThan(0);
    // The filters' metadata names them as each platform calls them.
    const meta = await json<{ filters: { href: string } }>(
      `${v8}/profileAndServicesExt/resourceType/cusLoyalty`,
    );
    const filters = await json(meta.filters.href);
    expect(Object.keys(filters)).toEqual(['loyaltyTier']);
    expect((filters.loyaltyTier as Json).data).toBe(
      '/profileAndServicesExt/cusLoyalty/loyaltyTier?tier_parameter=$value',
    );
  });

  it('dropped database fields: read back blank on v8, and writing one there changes nothing', async () => {
    const { std, mig } = await profilePair(2);
    await json(String(std.href), {
      method: 'PATCH',
      body: { fax: '+33 1 00 00 00 00', thumbnail: 'me.png' },
    });
    const stdRead = await json(String(std.href));
    expect([stdRead.fax, stdRead.thumbnail]).toEqual(['+33 1 00 00 00 00', 'me.png']);
    const migRead = await json(String(mig.href));
    expect([migRead.fax, migRead.thumbnail]).toEqual(['', '']);
    expect(migRead.email).toBe(std.email);
    const projection = await json<List>(`${v8}/profileAndServices/profile/fax?_lineCount=50`);
    expect(new Set(projection.content)).toEqual(new Set(['']));
    // A write through v8 is accepted and ignored: the Standard record keeps its value.
    expect((await call(String(mig.href), { method: 'PATCH', body: { fax: 'from v8' } })).status).toBe(200);
    expect((await json(String(std.href))).fax).toBe('+33 1 00 00 00 00');
    expect((await json(String(mig.href))).fax).toBe('');
  });

  it('POST with a linked resource: Standard ignores a link without PKey (link null), v8 refuses the body', async () => {
    const body = { tier: 'gold', points: 7, profile: { firstName: 'tester 11', lastName: 'Smith 11' } };
    const created = await call(`${standard}/profileAndServicesExt/cusLoyalty`, { method: 'POST', body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ tier: 'gold', points: 7, profile: {} });
    const refused = await call(`${v8}/profileAndServicesExt/cusLoyalty`, { method: 'POST', body });
    expect(refused).toEqual({
      status: 500,
      body: "An error has occurred - please contact your administrator. 'firstName' property is not valid for the 'cusLoyalty' resource.",
    });
    // Without the link's fields, v8 creates the record; a link by a v8 PKey links it.
    const { mig } = await profilePair(3);
    const plain = await call(`${v8}/profileAndServicesExt/cusLoyalty`, {
      method: 'POST',
      body: { tier: 'silver', points: 3 },
    });
    expect(plain.status).toBe(201);
    const linked = await call(`${v8}/profileAndServicesExt/cusLoyalty`, {
      method: 'POST',
      body: { tier: 'bronze', points: 1, profile: { PKey: mig.PKey } },
    });
    expect(linked.status).toBe(201);
    expect((linked.body as Json).profile).toMatchObject({ PKey: mig.PKey });
  });

  it('PATCH: without a body v8 answers 204 and changes nothing; on location it answers 500 for the element', async () => {
    const { std, mig } = await profilePair(4);
    const empty = await fetch(String(mig.href), { method: 'PATCH', headers });
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
    expect((await fetch(String(std.href), { method: 'PATCH', headers })).status).toBe(200);
    const location = { location: { zipCode: '75001' } };
    expect((await call(String(std.href), { method: 'PATCH', body: location })).status).toBe(200);
    expect((await json(String(std.href))).location).toMatchObject({ zipCode: '75001' });
    expect(await call(String(mig.href), { method: 'PATCH', body: location })).toEqual({
      status: 500,
      body: "An error has occurred - please contact your administrator. 'zipCode' property is not valid for the 'profile' resource.",
    });
  });

  it('profile time zone: on v8, shown and written on profileAndServicesExt only', async () => {
    const { std, mig } = await profilePair(5);
    expect(std).toHaveProperty('timeZone');
    expect(mig).not.toHaveProperty('timeZone');
    const ext = await json(String(mig.href).replace('/profileAndServices/', '/profileAndServicesExt/'));
    expect(ext).toHaveProperty('timeZone', 'none');
    const meta = await json<{ content: Json }>(`${v8}/profileAndServices/resourceType/profile`);
    expect(meta.content).not.toHaveProperty('timeZone');
    expect(
      (await call(String(mig.href), { method: 'PATCH', body: { timeZone: 'Europe/Paris' } })).status,
    ).toBe(500);
    expect(
      (await call(String(std.href), { method: 'PATCH', body: { timeZone: 'Europe/Paris' } })).status,
    ).toBe(200);
  });

  it('workflows: v8 does not advertise a signal’s parameters; the trigger still takes them', async () => {
    type Activity = { parameters?: unknown; trigger: { href: string } };
    const std = await json<{ activities: { activity: Record<string, Activity> } }>(
      `${standard}/workflow/execution/WKF1`,
    );
    const mig = await json<{ activities: { activity: Record<string, Activity> } }>(
      `${v8}/workflow/execution/WKF1`,
    );
    expect(std.activities.activity.signal1!.parameters).toBeDefined();
    expect(mig.activities.activity.signal1).not.toHaveProperty('parameters');
    const fired = await call(mig.activities.activity.signal1!.trigger.href, {
      method: 'POST',
      body: { source: 'API', parameters: { email: 'a@example.com' } },
    });
    expect(fired.status).toBe(200);
  });

  it('error texts: v8 answers with the Campaign v8 column of the migration page’s table', async () => {
    const services = await json<List>(`${v8}/profileAndServices/service`);
    const svc3 = services.content.find((s) => s.name === 'SVC3')!;
    // A key change, a duplicate key, a value outside an enumeration: the generic line only.
    const generic = { status: 500, body: 'An error has occurred - please contact your administrator.' };
    expect(await call(String(svc3.href), { method: 'PATCH', body: { name: 'SVC4' } })).toEqual(generic);
    expect(
      await call(`${v8}/profileAndServices/service`, { method: 'POST', body: { name: 'SVC4' } }),
    ).toEqual(generic);
    expect(
      await call(`${v8}/profileAndServices/profile`, { method: 'POST', body: { gender: 'invalid' } }),
    ).toEqual(generic);
    // The same calls on Campaign Standard keep its words.
    const stdGender = await call(`${standard}/profileAndServices/profile`, {
      method: 'POST',
      body: { gender: 'invalid' },
    });
    expect(stdGender.body).toBe(
      "RST-360011 An error has occurred - please contact your administrator. The value 'invalid' is not valid for the 'nms:recipient:gender' enumeration of the '@gender' field",
    );
    // An invalid PKey in the body: 404 without the endpoint.
    const { std, mig } = await profilePair(6);
    const stdService = (await json<List>(`${standard}/profileAndServices/service`)).content[0]!;
    expect(
      await call(`${String(mig.href)}/subscriptions/`, {
        method: 'POST',
        body: { service: { PKey: stdService.PKey } },
      }),
    ).toEqual({
      status: 404,
      body: `Unable to decrypt PKey. (PKey=${stdService.PKey})`,
    });
    // A record that is not found: the document text without Standard's RST-360011 line.
    const created = await json(`${v8}/profileAndServices/profile`, {
      method: 'POST',
      body: { email: 'gone@example.com' },
    });
    expect((await call(String(created.href), { method: 'DELETE' })).status).toBe(200);
    expect(await call(String(created.href))).toEqual({
      status: 404,
      body: `Unable to find document with path 'Profiles' from key '${created.PKey}' (document with schema 'profile' and name '${created.PKey}')`,
    });
    // Any other error: Standard's reason without the RST-360011 code.
    const unknown = await call(String(mig.href), { method: 'PATCH', body: { shoeSize: 42 } });
    expect(unknown).toEqual({
      status: 500,
      body: "An error has occurred - please contact your administrator. 'shoeSize' property is not valid for the 'profile' resource.",
    });
    expect((await call(String(std.href), { method: 'PATCH', body: { shoeSize: 42 } })).body).toMatch(
      /^RST-360011 /,
    );
  });

  it('refuses a v8 tenant that is already a tenant, migrated from an unknown one, or naming an unknown API', async () => {
    await expect(startEmulator({ v8Tenants: [{ name: 'acme' }] })).rejects.toThrow(/already a tenant/);
    await expect(startEmulator({ v8Tenants: [{ name: 'acme-mkt-stage' }] })).rejects.toThrow(
      /already a tenant/,
    );
    await expect(startEmulator({ v8Tenants: [{ name: 'x', migratedFrom: 'nope' }] })).rejects.toThrow(
      /not one of tenants/,
    );
    await expect(
      startEmulator({ v8Tenants: [{ name: 'x', unavailableApis: ['geoUnits' as never] }] }),
    ).rejects.toThrow(/unknown API "geoUnits"/);
    await expect(startEmulator({ v8Tenants: [{ name: 'x', droppedFields: ['fax'] }] })).rejects.toThrow(
      /<resource>\.<field>/,
    );
  });

  it('the acs-emulator bin starts a v8 tenant next to the Standard one with --v8-tenant', async () => {
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    const child = spawn(
      process.execPath,
      [bin, '--port', '0', '--tenant', 'shop', '--v8-tenant', 'shopv8=shop'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('Press Ctrl+C')) resolve(text);
        });
      });
      const base = /^ACS_BASE_URL=(.*)$/m.exec(out)![1]!;
      expect(out).toContain(`Campaign v8: ${base}/shopv8/campaign  (migrated from shop)`);
      const env = Object.fromEntries(
        (out.match(/^ACS_\w+=.*$/gm) ?? []).map((l) => l.split(/=(.*)/s).slice(0, 2)),
      );
      const token = await fetch(`${env.ACS_IMS_URL}/ims/token/v3`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: env.ACS_CLIENT_ID!,
          client_secret: env.ACS_CLIENT_SECRET!,
          scope: env.ACS_SCOPES!,
        }),
      });
      const { access_token } = (await token.json()) as { access_token: string };
      const h = { Authorization: `Bearer ${access_token}`, 'X-Api-Key': env.ACS_CLIENT_ID! };
      const history = await fetch(`${base}/shopv8/campaign/profileAndServices/history`, { headers: h });
      expect(history.status).toBe(404);
      const count = await fetch(`${base}/shopv8/campaign/profileAndServices/profile/_count`, { headers: h });
      expect(await count.json()).toEqual({ count: 50 });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
