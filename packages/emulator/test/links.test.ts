import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { apiHeaders, oauthToken } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: the walk reads untyped JSON answers
type Json = any;

/** How far the walk goes from a start URL, and how much it may ask in all. */
const MAX_DEPTH = 8;
const MAX_REQUESTS = 400;
/** URLs followed per link shape (path with keys blanked, and query parameter names). */
const PER_SHAPE = 2;

let emulator: Emulator;
let headers: Record<string, string>;
beforeAll(async () => {
  emulator = await startEmulator({ profiles: 12, seed: 3 });
  // Adobe's pages send bodies with a charset, which transactional events require.
  headers = {
    ...apiHeaders(emulator, await oauthToken(emulator)),
    'Content-Type': 'application/json;charset=utf-8',
  };
});
afterAll(() => emulator.stop());

const root = () => `${emulator.baseUrl}/acme/campaign`;

interface Link {
  url: string;
  /** The property holding the link (`next`, `subscriptions`, `trigger`…), `self` for a record's own. */
  name: string;
  /** The object holding the link, and the whole answer it came in. */
  owner: Json;
  answer: Json;
  depth: number;
  from: string;
}

/** Every `href` in an answer, with the property it sits under. */
function linksOf(answer: Json, from: string, depth: number): Link[] {
  const out: Link[] = [];
  const visit = (node: Json, name: string, owner: Json) => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, 'item', node);
      return;
    }
    if (!node || typeof node !== 'object') return;
    if (typeof node.href === 'string') {
      // A record's own href sits in the record; a link object ({href}) sits in its owner.
      const isLink = Object.keys(node).every((k) => k === 'href' || k === 'metadata');
      out.push({
        url: new URL(node.href, `${root()}/`).toString(),
        name: isLink ? name : 'self',
        owner: isLink ? owner : node,
        answer,
        depth,
        from,
      });
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'href') visit(value, key, node);
  };
  visit(answer, 'answer', undefined);
  return out;
}

function shapeOf(url: string): string {
  const u = new URL(url);
  const path = u.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith('@') ? '@' : s))
    .join('/');
  return `${path}?${[...new Set(u.searchParams.keys())].sort().join('&')}`;
}

interface Check {
  method: 'GET' | 'POST';
  body?: unknown;
  /** What Campaign answers to this link. */
  expect(status: number, body: Json): void;
}

/** The request Campaign documents for a link, and what it answers. */
function checkFor(link: Link): Check {
  const ok = (status: number) => expect(status, `${link.name} ${link.url} (from ${link.from})`).toBe(200);
  if (/\/activities\/activity\/@[^/]+\/trigger\/?$/.test(new URL(link.url).pathname)) {
    // help/api/using/triggering-a-signal-activity.md: POST, with `source`; the workflow must run.
    return {
      method: 'POST',
      body: { source: 'API', parameters: { email: 'links@example.com' } },
      expect(status, body) {
        if (link.answer.state === 'started') return ok(status);
        expect(status).toBe(500);
        expect(body).toMatch(/not started.*RST-360000/);
      },
    };
  }
  if (link.name === 'privacyRequestData')
    // help/api/using/retrieving-privacy-data-files.md: POST with the request's name.
    return {
      method: 'POST',
      body: { name: link.owner.name },
      expect(status, body) {
        ok(status);
        expect(body).toMatch(/^\{data:<gdprRequestData /);
      },
    };
  return {
    method: 'GET',
    expect(status, body) {
      ok(status);
      if (link.name === 'count') expect(Number.isInteger(body.count) && body.count >= 0).toBe(true);
      if (link.name === 'next') expect(Array.isArray(body.content) && body.content.length > 0).toBe(true);
    },
  };
}

async function request(method: string, url: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('links handed out by the emulator', () => {
  it('answer, for every seeded resource family, as Campaign does', async () => {
    // Records that only exist once created: privacy requests (both types) and a transactional event.
    for (const type of ['access', 'delete'])
      expect(
        (
          await request('POST', `${root()}/privacy/privacyTool`, {
            name: `PT-${type}`,
            namespaceName: 'defaultNamespace1',
            reconciliationValue: 'links@example.com',
            regulation: 'gdpr',
            label: `Links ${type}`,
            type,
          })
        ).status,
      ).toBe(201);
    const event = await request('POST', `${root()}/mcacme/EVTlinks`, {
      email: 'links@example.com',
      ctx: { firstName: 'Links' },
    });
    expect(event.status).toBe(201);

    const starts = [
      ...['profileAndServices', 'profileAndServicesExt'].flatMap((family) =>
        [
          'profile',
          'service',
          'history',
          'resourceType/profile',
          'resourceType/service',
          'resourceType/history',
        ].map((path) => `${family}/${path}`),
      ),
      'profileAndServicesExt/',
      'profileAndServicesExt/orgUnitBase',
      'profileAndServicesExt/cusLoyalty',
      'profileAndServicesExt/resourceType/orgUnitBase',
      'profileAndServicesExt/resourceType/cusLoyalty',
      'customResources/cusStore',
      'customResources/resourceType/cusStore',
      'workflow/execution/WKF1',
      'workflow/execution/WKF2',
      'privacy/privacyTool',
    ].map(
      (path) =>
        `${root()}/${path}${path.includes('resourceType') || path.includes('/execution/') || path.endsWith('/') ? '' : '?_lineCount=2'}`,
    );

    const queue: Link[] = starts.map((url) => ({
      url,
      name: 'start',
      owner: {},
      answer: {},
      depth: 0,
      from: 'start',
    }));
    // The transactional event's status link is relative, as Campaign hands it out.
    queue.push(...linksOf(event.body, 'POST mcacme/EVTlinks', 1));
    const seen = new Set<string>();
    const perShape = new Map<string, number>();
    let requests = 0;
    while (queue.length > 0 && requests < MAX_REQUESTS) {
      const link = queue.shift()!;
      const shape = shapeOf(link.url);
      if (seen.has(link.url) || link.depth > MAX_DEPTH || (perShape.get(shape) ?? 0) >= PER_SHAPE) continue;
      seen.add(link.url);
      perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
      const check = checkFor(link);
      const answer = await request(check.method, link.url, check.body);
      requests++;
      check.expect(answer.status, answer.body);
      if (answer.status === 200) queue.push(...linksOf(answer.body, link.url, link.depth + 1));
    }
    expect(requests).toBeLessThan(MAX_REQUESTS);

    const shapes = [...perShape.keys()];
    for (const expected of [
      /^acme\/campaign\/profileAndServices\/profile\?_lineCount&_lineStart$/,
      /^acme\/campaign\/profileAndServices\/profile\/_count\?_lineCount$/,
      /^acme\/campaign\/profileAndServices\/profile\/@\/subscriptions\?$/,
      /^acme\/campaign\/profileAndServices\/profile\/@\/subscriptions\/_count\?_lineCount$/,
      /^acme\/campaign\/profileAndServices\/service\/@\/subscriptions\/@\?$/,
      /^acme\/campaign\/profileAndServices\/history\/@\/events\/_count\?_lineCount$/,
      /^acme\/campaign\/profileAndServices\/history\/@\/events\/@\/mirrorPage\?$/,
      /^acme\/campaign\/profileAndServices\/profile\/metadata\?$/,
      /^acme\/campaign\/profileAndServices\/history\/metadata\?$/,
      /^acme\/campaign\/profileAndServices\/resourceType\/@\/filters\?$/,
      /^acme\/campaign\/profileAndServicesExt\/cusLoyalty\/metadata\?$/,
      /^acme\/campaign\/profileAndServicesExt\/profile\/@\/cusLoyalty\/_count\?_lineCount$/,
      /^acme\/campaign\/profileAndServicesExt\/orgUnitBase\/@\?$/,
      /^acme\/campaign\/customResources\/cusStore\/metadata\?$/,
      /^acme\/campaign\/workflow\/execution\/@\/activities\/activity\/@\/trigger\?$/,
      /^acme\/campaign\/privacy\/privacyTool\/_count\?_lineCount$/,
      /^acme\/campaign\/privacy\/privacyTool\/@\/gdprRequestData\?$/,
      /^acme\/campaign\/privacy\/privacyTool\/@\/gdprRequestData\/_count\?_lineCount$/,
      /^acme\/campaign\/privacy\/privacyTool\/@\/privacyRequestData\?$/,
      /^acme\/campaign\/mcacme\/EVTlinks\/@\?$/,
    ])
      expect(
        shapes.some((s) => expected.test(s)),
        `${expected} was not reached`,
      ).toBe(true);
  });
});
