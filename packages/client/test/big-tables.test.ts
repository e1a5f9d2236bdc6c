import { PaginationError } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CampaignClient, createCampaignClient } from '../src/index.js';
import { collect, emulatorAuth, rejection } from './helpers.js';

/**
 * Campaign leaves `next` out of lists of tables above its big-table threshold unless the request
 * says `_forcePagination=true`. The emulator here treats any table above 40 rows as big, and holds
 * 203 profiles: everything that means "every record" must still read all 203, and a list that
 * cannot be read to its end must say so rather than end short.
 */

const PROFILES = 203;
const THRESHOLD = 40;

let emulator: Emulator;
let client: CampaignClient;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: PROFILES, seed: 11, bigTableThreshold: THRESHOLD });
  client = createCampaignClient({
    auth: emulatorAuth(emulator),
    tenant: emulator.credentials.tenant,
    baseUrl: emulator.baseUrl,
  });
});
afterAll(async () => {
  await emulator?.stop();
});

function keys(records: Array<{ PKey?: string }>): Set<string | undefined> {
  return new Set(records.map((record) => record.PKey));
}

describe('iterating a list of a big table', () => {
  it('profiles.list() reads every profile, each once', async () => {
    const profiles = await collect(client.profiles.list({ pageSize: 50 }));
    expect(profiles).toHaveLength(PROFILES);
    expect(keys(profiles).size).toBe(PROFILES);
  });

  it('with Campaign’s default page size, .pages() reads every page', async () => {
    const pages = await collect(client.profiles.list().pages());
    expect(pages).toHaveLength(Math.ceil(PROFILES / 25));
    expect(pages.reduce((sum, page) => sum + page.items.length, 0)).toBe(PROFILES);
  });

  it('client.list() on a path, sorted, reads every profile in order', async () => {
    const profiles = await collect(
      client.list<{ PKey: string; email: string }>('/profileAndServices/profile', {
        query: { _lineCount: 64, _order: 'email' },
      }),
    );
    expect(profiles).toHaveLength(PROFILES);
    // one page large enough for the whole table gives Campaign's own order to compare with
    const whole = await client.GET('/profileAndServices/profile', {
      params: { query: { _lineCount: 1000, _order: 'email' } },
    });
    expect(profiles.map((profile) => profile.email)).toEqual(
      whole.data?.content.map((profile) => profile.email),
    );
  });

  it('a filter on a big table still reads every match', async () => {
    const all = await collect(client.profiles.list({ pageSize: 100 }));
    const text = 'a';
    const expected = all.filter(
      (profile) => profile.email?.startsWith(text) || (profile.lastName ?? '').startsWith(text),
    ).length;
    const matches = await collect(client.profiles.list({ pageSize: 5, filters: { byText: { text } } }));
    expect(matches.length).toBe(expected);
  });

  it('forcePagination: false ends with PaginationError naming what it read, never a short list', async () => {
    const error = await rejection(collect(client.profiles.list({ pageSize: 30, forcePagination: false })));
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toMatchObject({
      code: 'ERR_PAGINATION',
      problem: 'incomplete',
      pagesRead: 1,
      recordsRead: 30,
    });
    expect(error.message).toContain(`30 of its ${PROFILES} records`);
  });

  it('a single page asked for explicitly stays a single page', async () => {
    const page = await client.GET('/profileAndServices/profile', { params: { query: { _lineCount: 7 } } });
    expect(page.data?.content).toHaveLength(7);
    expect(page.data?.next).toBeUndefined();
    const before = emulator.stats.apiRequests();
    const first = await client.profiles.list({ pageSize: 7 }).pages().next();
    expect(first.value?.items).toHaveLength(7);
    expect(emulator.stats.apiRequests()).toBe(before + 1);
  });

  it('a table below the threshold is read without counting, as before', async () => {
    const service = await client.services.create({ name: 'bigTableService', label: 'Big table service' });
    const before = emulator.stats.apiRequests();
    const services = await collect(client.services.list());
    expect(services.some((one) => one.PKey === service.PKey)).toBe(true);
    expect(emulator.stats.apiRequests() - before).toBe(1);
  });
});
