import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { apiHeaders, oauthToken } from './helpers.js';

// The metadata (`resourceType`) describes the records exactly as they are served: every resource of
// both families, custom ones found through the families' listings, is walked, and every record of
// its first page is checked field by field against its description; every filter is called with
// the parameters its own metadata names.

// biome-ignore lint/suspicious/noExplicitAny: the tests read untyped JSON answers
type Json = Record<string, any>;
let emulator: Emulator;
let headers: Record<string, string>;
beforeAll(async () => {
  emulator = await startEmulator({ profiles: 30, seed: 11 });
  headers = apiHeaders(emulator, await oauthToken(emulator));
});
afterAll(() => emulator.stop());

const root = () => `${emulator.baseUrl}/acme/campaign`;
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(path.startsWith('http') ? path : `${root()}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why a value does not fit its field's metadata, or undefined when it does. */
function misfit(field: Json, value: unknown, family: string): string | undefined {
  const type = field.type as string;
  if (type === 'string') {
    if (typeof value !== 'string') return 'not a string';
    if (field.length !== '' && value.length > Number(field.length)) return `longer than ${field.length}`;
    return undefined;
  }
  if (/^int(16|32|64)$/.test(type))
    return Number.isInteger(value) || value === '' ? undefined : 'not a whole number';
  if (type === 'double') return typeof value === 'number' ? undefined : 'not a number';
  if (type === 'boolean') return typeof value === 'boolean' ? undefined : 'not a boolean';
  if (type === 'date') return value === '' || DATE.test(String(value)) ? undefined : 'not a date';
  if (type === 'datetime')
    return value === '' || TIMESTAMP.test(String(value)) ? undefined : 'not a timestamp';
  if (type === 'enumeration')
    return Object.keys(field.values ?? {}).includes(String(value)) ? undefined : 'not one of its values';
  if (type === 'link') {
    if (!value || typeof value !== 'object') return 'not a link';
    const link = value as Json;
    if (Object.keys(link).length === 0) return undefined;
    if (typeof link.PKey !== 'string' || typeof link.href !== 'string') return 'a link without PKey/href';
    return link.href.includes(`/${family}/${field.resTarget}/`)
      ? undefined
      : `not a link to ${field.resTarget}`;
  }
  if (type === 'collection')
    return value && typeof (value as Json).href === 'string' ? undefined : 'not a collection link';
  if (type === 'item') return value && typeof value === 'object' ? undefined : 'not an element';
  return `unknown type ${type}`;
}

/** A value for a filter parameter, from its metadata. */
function sample(param: Json): string {
  if (param.type === 'enumeration') return Object.keys(param.values)[0]!;
  if (/^int/.test(param.type)) return '2015';
  return 'a';
}

describe('the metadata describes the records as served', () => {
  it('lists the custom resources of both families with their metadata', async () => {
    const linked = (await call('GET', '/profileAndServicesExt/')).body;
    const unlinked = (await call('GET', '/customResources/')).body;
    expect(Object.keys(linked).filter((k) => k.startsWith('cus'))).toEqual(['cusLoyalty']);
    expect(Object.keys(unlinked).filter((k) => k.startsWith('cus'))).toEqual(['cusStore', 'cusVehicle']);
    expect(unlinked.cusVehicle).toMatchObject({ name: 'cusVehicle', data: '/customResources/cusVehicle/' });
    expect(unlinked.cusVehicle.content.plate.mandatory).toBe(true);
    expect(unlinked.cusVehicle.content.fuel.values).toMatchObject({ electric: { value: 'electric' } });
    expect(unlinked.cusVehicle.content.dealer).toMatchObject({ type: 'link', resTarget: 'cusStore' });
    const filters = (await call('GET', unlinked.cusVehicle.filters.href)).body;
    expect(filters.byFuel.data).toBe('/customResources/cusVehicle/byFuel?fuel_parameter=$value');
    expect(filters.byFuel.metadata.fuel_parameter).toMatchObject({ type: 'enumeration', mandatory: true });
    expect(filters.byYearRange.metadata.to_parameter).toMatchObject({ type: 'int16', mandatory: false });
  });

  it('every served record of every resource fits its metadata, field by field', async () => {
    const families: Array<[string, string[]]> = [
      ['profileAndServices', ['profile', 'service']],
      ['profileAndServicesExt', ['profile', 'service', 'orgUnitBase']],
      ['customResources', []],
    ];
    let checked = 0;
    for (const [family, names] of families) {
      if (family !== 'profileAndServices') {
        const listing = (await call('GET', `/${family}/`)).body;
        names.push(...Object.keys(listing).filter((k) => k.startsWith('cus')));
      }
      for (const name of names) {
        const meta = (await call('GET', `/${family}/resourceType/${name}`)).body;
        expect(meta.data).toBe(`/${family}/${name}/`);
        const content = meta.content as Record<string, Json>;
        const records = (await call('GET', `/${family}/${name}?_lineCount=12`)).body.content as Json[];
        expect(records.length, `${family}/${name}`).toBeGreaterThan(0);
        for (const record of records) {
          for (const [key, value] of Object.entries(record)) {
            if (key === 'PKey' || key === 'href') continue;
            const field = content[key];
            expect(field, `${family}/${name}: ${key} is served but not described`).toBeDefined();
            expect(misfit(field!, value, family), `${family}/${name}.${key} = ${JSON.stringify(value)}`).toBe(
              undefined,
            );
            checked++;
          }
          for (const key of Object.keys(content))
            expect(key in record, `${family}/${name}: ${key} is described but not served`).toBe(true);
        }
        // Every filter answers when called with the parameters its metadata names.
        const filters = (await call('GET', meta.filters.href)).body as Record<string, Json>;
        for (const [filterName, filter] of Object.entries(filters)) {
          const params = Object.values(filter.metadata as Record<string, Json>);
          expect(filter.data).toBe(
            `/${family}/${name}/${filterName}${params.length ? `?${params.map((p) => `${p.apiName}=$value`).join('&')}` : ''}`,
          );
          const query = new URLSearchParams(params.map((p) => [p.apiName, sample(p)]));
          const answer = await call('GET', `/${family}/${name}/${filterName}?${query}`);
          expect(answer.status, `${family}/${name}/${filterName}`).toBe(200);
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe('cusVehicle, an unlinked resource with a mandatory field, an enumeration and a link', () => {
  it('creates, links to a store, refuses a missing plate or a value outside the enumeration', async () => {
    const store = (await call('GET', '/customResources/cusStore?_lineCount=1')).body.content[0];
    const created = await call('POST', '/customResources/cusVehicle', {
      plate: 'ZZ-999-ZZ',
      fuel: 'electric',
      year: 2024,
      dealer: { PKey: store.PKey },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ plate: 'ZZ-999-ZZ', fuel: 'electric', make: '' });
    expect(created.body.dealer).toMatchObject({ PKey: store.PKey, href: store.href });
    const missing = await call('POST', '/customResources/cusVehicle', { make: 'Renault' });
    expect(missing.status).toBe(500);
    expect(missing.body).toContain("'plate'");
    const wrong = await call('POST', '/customResources/cusVehicle', { plate: 'X', fuel: 'steam' });
    expect(wrong.body).toContain("'steam' is not valid for the 'cus:vehicle:fuel' enumeration");
    const readOnly = await call('PATCH', created.body.href, { created: '2020-01-01 00:00:00.000Z' });
    expect(readOnly.status).toBe(500);
  });

  it('filters by fuel and by a range of years, with their _parameter names', async () => {
    const electric = (await call('GET', '/customResources/cusVehicle/byFuel?fuel_parameter=electric')).body;
    expect(electric.content.length).toBeGreaterThan(0);
    expect(electric.content.every((v: Json) => v.fuel === 'electric')).toBe(true);
    const range = (
      await call('GET', '/customResources/cusVehicle/byYearRange?from_parameter=2015&to_parameter=2018')
    ).body;
    expect(range.content.every((v: Json) => v.year >= 2015 && v.year <= 2018)).toBe(true);
    const all = (await call('GET', '/customResources/cusVehicle?_lineCount=100')).body.content as Json[];
    expect(range.content.length).toBe(all.filter((v) => v.year >= 2015 && v.year <= 2018).length);
  });

  it('shows the profile extension on the extended family only', async () => {
    const plain = (await call('GET', '/profileAndServices/profile?_lineCount=1')).body.content[0];
    const ext = (await call('GET', plain.href.replace('/profileAndServices/', '/profileAndServicesExt/')))
      .body;
    expect(Object.keys(plain).filter((k) => k.startsWith('cus'))).toEqual([]);
    expect(ext).toMatchObject({
      cusVip: expect.any(Boolean),
      cusScore: expect.any(Number),
      cusLifetimeValue: expect.any(Number),
      cusSegment: expect.any(String),
    });
    const patched = await call('PATCH', ext.href, { cusSegment: 'vip', cusScore: 42 });
    expect(patched.status).toBe(200);
    expect((await call('GET', ext.href)).body).toMatchObject({ cusSegment: 'vip', cusScore: 42 });
    expect((await call('PATCH', ext.href, { cusLastVisit: '' })).status).toBe(500);
    // A custom filter of the extension, on the extended family only.
    const vips = (await call('GET', '/profileAndServicesExt/profile/bySegment?segment_parameter=vip')).body;
    expect(vips.content.map((p: Json) => p.PKey)).toContain(ext.PKey);
    expect(vips.content.every((p: Json) => p.cusSegment === 'vip')).toBe(true);
    const scored = await call(
      'GET',
      '/profileAndServicesExt/profile/bySegment?segment_parameter=vip&minScore_parameter=43',
    );
    expect(scored.body.content.map((p: Json) => p.PKey)).not.toContain(ext.PKey);
    expect((await call('GET', '/profileAndServices/profile/bySegment?segment_parameter=vip')).status).toBe(
      404,
    );
    const plainFilters = (
      await call('GET', (await call('GET', '/profileAndServices/resourceType/profile')).body.filters.href)
    ).body;
    expect(Object.keys(plainFilters)).not.toContain('bySegment');
  });
});
