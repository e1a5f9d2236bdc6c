import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, type EmulatorClientConfig, startEmulator } from '../src/index.js';
import { postForm } from './helpers.js';

// Every test but the last steps the limiter's clock by hand: none depends on how fast the machine
// sends its requests (the clock does not move while a burst is in flight).
let now = 1_700_000_000_000;
const clock = () => now;

let emulator: Emulator;
/** Tokens of the demo client, of another client of its organization and of a foreign org's client. */
const tokens: Record<'demo' | 'sameOrg' | 'otherOrg', { clientId: string; token: string }> = {} as never;

const BODY = '{"error_code":"429050","message":"Too many requests"}';

async function tokenFor(client: { clientId: string; clientSecret: string }): Promise<string> {
  const res = await postForm(`${emulator.imsUrl}/ims/token/v3`, {
    grant_type: 'client_credentials',
    client_id: client.clientId,
    client_secret: client.clientSecret,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

function client(clientId: string, orgId: string): EmulatorClientConfig {
  const c = emulator.credentials;
  return {
    clientId,
    clientSecrets: [`${clientId}-secret`],
    orgId,
    technicalAccountId: `${clientId}@techacct.adobe.com`,
    scopes: c.scopes,
    metascopes: c.metascopes,
  };
}

/** A Campaign call as `who`, to `tenant`. */
function call(who: keyof typeof tokens, tenant = 'acme'): Promise<Response> {
  const { clientId, token } = tokens[who];
  return fetch(`${emulator.baseUrl}/${tenant}/campaign/profileAndServices/profile?_lineCount=1`, {
    headers: { Authorization: `Bearer ${token}`, 'X-Api-Key': clientId },
  });
}

/** Sends `n` calls at once; their statuses, in order. */
async function burst(n: number, who: keyof typeof tokens = 'demo', tenant = 'acme'): Promise<number[]> {
  const answers = await Promise.all(Array.from({ length: n }, () => call(who, tenant)));
  await Promise.all(answers.map((res) => res.arrayBuffer()));
  return answers.map((res) => res.status);
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

beforeAll(async () => {
  emulator = await startEmulator({
    tenants: ['acme', 'globex'],
    rateLimit: { requestsPerSecond: 5, clock },
  });
  const c = emulator.credentials;
  emulator.registerClient(client('same-org-client', c.orgId));
  emulator.registerClient(client('other-org-client', '99AA88BB77CC66DD55EE44FF@AdobeOrg'));
  tokens.demo = { clientId: c.clientId, token: await tokenFor(c) };
  for (const [who, clientId] of [
    ['sameOrg', 'same-org-client'],
    ['otherOrg', 'other-org-client'],
  ] as const)
    tokens[who] = { clientId, token: await tokenFor({ clientId, clientSecret: `${clientId}-secret` }) };
});

beforeEach(() => {
  // A fresh limit: every organization starts again with a full bucket.
  emulator.setRateLimit({ requestsPerSecond: 5, clock });
  emulator.faults.clear();
  emulator.stats.reset();
});

afterAll(() => emulator.stop());

describe('rate limit', () => {
  it('answers a burst above the budget with 429, the gateway body and Retry-After', async () => {
    const statuses = await burst(12);
    expect(count(statuses, 200)).toBe(5);
    expect(count(statuses, 429)).toBe(7);

    const res = await call('demo');
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.text()).toBe(BODY);

    expect(emulator.stats.rateLimited()).toBe(8);
    expect(emulator.stats.rateLimited({ clientId: tokens.demo.clientId })).toBe(8);
    expect(emulator.stats.apiRequests({ status: 429 })).toBe(8);
    expect(emulator.stats.apiRequests({ status: 200 })).toBe(5);
  });

  it('lets calls through again as the bucket refills: requestsPerSecond tokens a second', async () => {
    expect(count(await burst(6), 429)).toBe(1);
    now += 199; // 0.995 of a token
    expect((await call('demo')).status).toBe(429);
    now += 1; // one token
    expect((await burst(2)).sort()).toEqual([200, 429]);
    now += 1000; // a full bucket again, and no more: burst is 5
    const statuses = await burst(7);
    expect(count(statuses, 200)).toBe(5);
    expect(count(statuses, 429)).toBe(2);
  });

  it('shares the budget between the clients and tenants of an organization, not with another one', async () => {
    expect(await burst(3, 'demo', 'acme')).toEqual([200, 200, 200]);
    expect(await burst(2, 'sameOrg', 'globex-mkt-stage')).toEqual([200, 200]);
    // The organization's five calls are spent, whatever client or tenant asks.
    for (const [who, tenant] of [
      ['sameOrg', 'acme'],
      ['demo', 'globex'],
      ['demo', 'acme-mkt-stage'],
    ] as const) {
      const res = await call(who, tenant);
      expect(res.status).toBe(429);
      expect(await res.text()).toBe(BODY);
    }
    // Another organization has its own bucket.
    expect(await burst(5, 'otherOrg')).toEqual([200, 200, 200, 200, 200]);
    expect((await call('otherOrg')).status).toBe(429);

    expect(emulator.stats.rateLimited({ clientId: 'same-org-client' })).toBe(1);
    expect(emulator.stats.rateLimited({ clientId: 'other-org-client' })).toBe(1);
    expect(emulator.stats.rateLimited({ tenant: 'globex' })).toBe(1);
    expect(emulator.stats.rateLimited()).toBe(4);
  });

  it('does not limit IMS', async () => {
    expect(count(await burst(6), 429)).toBe(1);
    const c = emulator.credentials;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        postForm(`${emulator.imsUrl}/ims/token/v3`, {
          grant_type: 'client_credentials',
          client_id: c.clientId,
          client_secret: c.clientSecret,
        }),
      ),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(10).fill(200));
    expect(emulator.stats.tokenRequests({ outcome: 'success' })).toBe(10);
    // …and the IMS requests took nothing from Campaign's budget, which is still spent.
    expect((await call('demo')).status).toBe(429);
  });

  it('takes no token for gateway refusals and faults, and counts only its own 429s', async () => {
    const refused = await fetch(`${emulator.baseUrl}/acme/campaign/profileAndServices/profile`, {
      headers: { Authorization: `Bearer ${tokens.demo.token}` },
    });
    expect(refused.status).toBe(403); // no API key: refused before the limit
    emulator.faults.inject({ target: 'api', kind: 'status', status: 429, times: 2 });
    expect(await burst(2)).toEqual([429, 429]);
    expect(await burst(5)).toEqual([200, 200, 200, 200, 200]);
    expect((await call('demo')).status).toBe(429);
    expect(emulator.stats.apiRequests({ status: 429 })).toBe(3);
    expect(emulator.stats.rateLimited()).toBe(1);
  });

  it('gives Retry-After in whole seconds, rounded up, at least 1', async () => {
    emulator.setRateLimit({ requestsPerSecond: 0.25, clock }); // burst 1, a token every 4 s
    expect((await call('demo')).status).toBe(200);
    const first = await call('demo');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('4');
    now += 2500;
    expect((await call('demo')).headers.get('retry-after')).toBe('2'); // 1.5 s left
    now += 1499;
    expect((await call('demo')).headers.get('retry-after')).toBe('1'); // 1 ms left
    now += 1;
    expect((await call('demo')).status).toBe(200);
  });

  it('takes a burst larger than the rate', async () => {
    emulator.setRateLimit({ requestsPerSecond: 2, burst: 10, clock });
    expect(count(await burst(12), 200)).toBe(10);
    now += 1000;
    expect(count(await burst(3), 200)).toBe(2);
  });

  it('changes at run time: none, then a limit, then none again', async () => {
    emulator.setRateLimit(undefined);
    expect(count(await burst(30), 200)).toBe(30);
    emulator.setRateLimit({ requestsPerSecond: 2, clock });
    expect((await burst(3)).sort()).toEqual([200, 200, 429]);
    emulator.setRateLimit(undefined);
    expect(count(await burst(10), 200)).toBe(10);
    expect(emulator.stats.rateLimited()).toBe(1);
  });

  it('refuses a limit that means nothing', async () => {
    for (const bad of [
      { requestsPerSecond: 0 },
      { requestsPerSecond: -1 },
      { requestsPerSecond: Number.NaN },
      { requestsPerSecond: Number.POSITIVE_INFINITY },
      { requestsPerSecond: 5, burst: 0 },
      { requestsPerSecond: 5, burst: 2.5 },
    ])
      expect(() => emulator.setRateLimit(bad)).toThrow(RangeError);
    await expect(startEmulator({ rateLimit: { requestsPerSecond: 0 } })).rejects.toThrow(
      /requestsPerSecond must be a positive number/,
    );
  });

  it('uses the real clock by default (a budget no machine outruns: 1 call per 1000 s)', async () => {
    emulator.setRateLimit({ requestsPerSecond: 0.001 });
    const statuses = await burst(10);
    expect(count(statuses, 200)).toBe(1);
    expect(count(statuses, 429)).toBe(9);
    expect((await call('demo')).headers.get('retry-after')).toMatch(/^(99\d|1000)$/);
  });
});
