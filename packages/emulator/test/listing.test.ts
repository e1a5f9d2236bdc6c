import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { apiHeaders, oauthToken } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests read untyped JSON answers
type Json = any;

const THRESHOLD = 10;
let emulator: Emulator;
let headers: Record<string, string>;
beforeAll(async () => {
  // Exactly the threshold: not yet a big table ("above" the threshold is strictly more).
  emulator = await startEmulator({ profiles: THRESHOLD, seed: 4, bigTableThreshold: THRESHOLD });
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

/** Follows `next` from a first page to the last; the pages' records, and how many pages. */
async function walk(first: string): Promise<{ records: Json[]; pages: number; last: Json }> {
  const records: Json[] = [];
  let href: string | undefined = first;
  let pages = 0;
  let last: Json;
  while (href) {
    const page = await call('GET', href);
    expect(page.status).toBe(200);
    records.push(...page.body.content);
    last = page.body;
    href = page.body.next?.href;
    pages++;
    expect(pages).toBeLessThan(20);
  }
  return { records, pages, last };
}

describe('big tables (XtkBigTableThreshold)', () => {
  it('omits next above the threshold unless _forcePagination=true, keeping the page and its count', async () => {
    const atThreshold = await call('GET', '/profileAndServices/profile?_lineCount=4');
    expect(atThreshold.body.content).toHaveLength(4);
    expect(atThreshold.body.next?.href).toBeDefined();

    const created = await call('POST', '/profileAndServices/profile', { email: 'one.more@example.com' });
    expect(created.status).toBe(201);
    const total = THRESHOLD + 1;

    const big = await call('GET', '/profileAndServices/profile?_lineCount=4');
    expect(big.status).toBe(200);
    expect(big.body.content).toHaveLength(4);
    expect(big.body.serverSidePagination).toBe(true);
    expect(big.body.next).toBeUndefined();
    expect((await call('GET', big.body.count.href)).body).toEqual({ count: total });
    // The same for a filter, a projection and the history of the same table.
    for (const path of [
      '/profileAndServices/profile/byText?text=&_lineCount=4',
      '/profileAndServices/profile/email?_lineCount=4',
      '/profileAndServices/history?_lineCount=4',
      '/profileAndServices/profile?_lineCount=4&_order=email',
      '/profileAndServices/profile?_lineCount=4&_forcePagination=false',
    ]) {
      const page = await call('GET', path);
      expect(page.status, path).toBe(200);
      expect(page.body.content, path).toHaveLength(4);
      expect(page.body.next, path).toBeUndefined();
    }

    const forced = await walk(`${root()}/profileAndServices/profile?_lineCount=4&_forcePagination=true`);
    expect(forced.pages).toBe(3);
    expect(new Set(forced.records.map((p: Json) => p.PKey)).size).toBe(total);
    expect(forced.records.map((p: Json) => p.email)).toContain('one.more@example.com');
    expect(forced.last.content).toHaveLength(total - 8);
    expect(forced.last.next).toBeUndefined();
    expect((await call('GET', forced.last.count.href)).body).toEqual({ count: total });

    const sorted = await walk(
      `${root()}/profileAndServices/profile?_lineCount=4&_order=email%20desc&_forcePagination=true`,
    );
    const emails = sorted.records.map((p: Json) => p.email);
    expect(emails).toHaveLength(total);
    expect(emails).toEqual([...emails].sort((a, b) => b.localeCompare(a)));

    // Smaller tables of the same instance keep their next links.
    expect((await call('GET', '/profileAndServices/service?_lineCount=2')).body.next?.href).toBeDefined();

    // Back to the threshold: next comes back.
    expect((await call('DELETE', created.body.href)).status).toBe(200);
    expect((await call('GET', '/profileAndServices/profile?_lineCount=4')).body.next?.href).toBeDefined();
  });

  it("defaults to Campaign's 100,000 and refuses a threshold that is not a non-negative integer", async () => {
    // Seeded profiles are generated on demand: 100,000 of them cost nothing until read.
    const plain = await startEmulator({ profiles: 100_000 });
    try {
      const h = apiHeaders(plain, await oauthToken(plain));
      const profiles = `${plain.baseUrl}/acme/campaign/profileAndServices/profile`;
      const page = async () =>
        (await (await fetch(`${profiles}?_lineCount=10`, { headers: h })).json()) as Json;
      expect((await page()).next?.href).toBeDefined();
      const res = await fetch(profiles, {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ email: 'one.more@example.com' }),
      });
      expect(res.status).toBe(201);
      expect((await page()).next).toBeUndefined();
    } finally {
      await plain.stop();
    }
    await expect(startEmulator({ bigTableThreshold: -1 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ bigTableThreshold: 1.5 })).rejects.toThrow(RangeError);
  });
});

describe('_order', () => {
  it('sorts on a sortable field, ascending or descending, including computed ones', async () => {
    const asc = (await call('GET', '/profileAndServices/profile?_order=lastName%20asc&_lineCount=50')).body
      .content;
    const names = asc.map((p: Json) => p.lastName);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const ages = (
      await call('GET', '/profileAndServices/profile?_order=age%20DESC&_lineCount=50')
    ).body.content.map((p: Json) => p.age);
    expect(ages).toEqual([...ages].sort((a, b) => b - a));
    const ext = await call('GET', '/profileAndServicesExt/profile?_order=cusCrmId%20desc&_lineCount=3');
    expect(ext.status).toBe(200);
    expect(ext.body.content[0].cusCrmId > ext.body.content[1].cusCrmId).toBe(true);
    const first = (await call('GET', '/profileAndServices/profile?_lineCount=1')).body.content[0];
    const subs = await call('GET', `${first.subscriptions.href}?_order=serviceName`);
    expect(subs.status).toBe(200);
  });

  it('refuses an unknown or unsortable field with Campaign error text', async () => {
    for (const [path, label] of [
      ['/profileAndServices/profile?_order=nope', 'Profiles (nms:recipient)'],
      ['/profileAndServices/profile?_order=cusCrmId', 'Profiles (nms:recipient)'],
      ['/profileAndServices/service/byChannel?channel=email&_order=PKey%20desc', 'Services (nms:service)'],
      ['/profileAndServices/history?_order=nope', 'Marketing history (nms:recipient)'],
    ] as const) {
      const res = await call('GET', path);
      expect(res.status, path).toBe(500);
      expect(res.body, path).toMatch(
        new RegExp(
          `^RST-360011 .*'\\w+' attribute unknown \\(see definition of '${label.replace(/[()]/g, '\\$&')}' schema\\)\\. XTK-170036 `,
        ),
      );
    }
    const first = (await call('GET', '/profileAndServices/profile?_lineCount=1')).body.content[0];
    const subs = await call('GET', `${first.subscriptions.href}?_order=nope`);
    expect(subs.status).toBe(500);
    expect(subs.body).toContain("(see definition of 'Subscriptions (nms:subscription)' schema)");
    const link = await call('GET', '/profileAndServices/profile?_order=subscriptions');
    expect(link.status).toBe(500);
    expect(link.body).toMatch(/XTK-170036 Unable to parse expression 'subscriptions'/);
  });

  it('refuses a malformed _order instead of answering in the natural order', async () => {
    for (const order of [
      '',
      'email%20sideways',
      'email%20desc%20asc',
      'email,lastName',
      '%20desc',
      'e-mail',
    ]) {
      const res = await call('GET', `/profileAndServices/profile?_order=${order}`);
      expect(res.status, order).toBe(500);
      expect(res.body, order).toMatch(/^RST-360011 .*XTK-170036 Unable to parse expression '/);
    }
  });
});
