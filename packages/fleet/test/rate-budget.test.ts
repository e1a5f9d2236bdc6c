import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import {
  type CampaignClient,
  type CampaignClientOptions,
  createCampaignClient,
} from '@campaign-standard/client';
import { isCampaignSdkError } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../token-store-redis/test/redis-server.js';
import { createRateBudget, type RateBudget } from '../src/index.js';

const R = 20;

describe('the shared rate budget', () => {
  let redis: TestRedis;
  let emulator: Emulator;
  let admin: Redis;
  const budgets: RateBudget[] = [];

  beforeAll(async () => {
    [redis, emulator] = await Promise.all([
      startRedis(),
      startEmulator({ rateLimit: { requestsPerSecond: R } }),
    ]);
    admin = new Redis(redis.url, { maxRetriesPerRequest: null });
    admin.on('error', () => undefined);
  });

  afterEach(async () => {
    await Promise.all(budgets.splice(0).map((budget) => budget.close()));
    emulator.faults.clear();
    await admin.flushall();
  });

  afterAll(async () => {
    admin?.disconnect();
    await Promise.all([redis?.stop(), emulator?.stop()]);
  });

  const budget = (overrides: Partial<Parameters<typeof createRateBudget>[0]> = {}): RateBudget => {
    const created = createRateBudget({
      redis: redis.url,
      orgId: emulator.credentials.orgId,
      tenant: emulator.credentials.tenant,
      requestsPerSecond: R,
      onWarning: () => undefined,
      ...overrides,
    });
    budgets.push(created);
    return created;
  };

  /** A client of the emulator, drawing from `shared` when given. */
  const client = (shared?: RateBudget, options: Partial<CampaignClientOptions> = {}): CampaignClient => {
    const c = emulator.credentials;
    const auth = createOAuthServerToServerAuth({
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      orgId: c.orgId,
      scopes: c.scopes,
      imsUrl: emulator.imsUrl,
    });
    return createCampaignClient({
      auth,
      tenant: c.tenant,
      baseUrl: emulator.baseUrl,
      retry: false,
      ...shared?.clientOptions({ auth }),
      ...options,
    });
  };

  /** `calls` GETs at once from each client; the statuses answered. */
  const burst = async (clients: CampaignClient[], calls: number): Promise<number[]> => {
    const all = clients.flatMap((each) =>
      Array.from({ length: calls }, () =>
        each
          .request('GET', '/profileAndServices/profile', { query: { _lineCount: 1 } })
          .then((r) => r.response.status),
      ),
    );
    return Promise.all(all);
  };

  it('refuses invalid options with a ConfigurationError', () => {
    let error: unknown;
    try {
      createRateBudget({ redis: 'http://x', orgId: '', tenant: 'acme', requestsPerSecond: 0.5 });
    } catch (caught) {
      error = caught;
    }
    expect(isCampaignSdkError(error, 'ERR_CONFIGURATION')).toBe(true);
    expect((error as { issues: Array<{ field: string }> }).issues.map((issue) => issue.field)).toEqual([
      'redis',
      'orgId',
      'requestsPerSecond',
    ]);
  });

  it('two processes with one budget stay within it; without it, the same calls are throttled', async () => {
    // Two budgets stand for two processes: they share nothing but Redis.
    const a = budget();
    const b = budget();
    await admin.flushall();
    emulator.stats.reset();
    const shared = await burst([client(a), client(b)], 2 * R);
    expect(shared.every((status) => status === 200)).toBe(true);
    expect(emulator.stats.rateLimited()).toBe(0);
    expect(a.stats().acquired + b.stats().acquired).toBe(4 * R);
    // every request was drawn from the budget: as many as the emulator saw
    expect(emulator.stats.apiRequests()).toBe(4 * R);

    emulator.setRateLimit(undefined);
    emulator.setRateLimit({ requestsPerSecond: R }); // a full bucket again
    emulator.stats.reset();
    const alone = await burst([client(), client()], 4 * R);
    expect(alone.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(emulator.stats.rateLimited()).toBeGreaterThan(0);
  });

  it('a 429 seen by one process pauses the others for its Retry-After; a longer pause running is kept', async () => {
    const a = budget();
    const b = budget();
    emulator.faults.inject({ target: 'api', kind: 'status', status: 429, retryAfterSeconds: 30, times: 1 });
    const { error } = await client(a).request('GET', '/profileAndServices/profile');
    expect(error && 'status' in error ? error.status : undefined).toBe(429);
    expect(a.stats().pauses).toBe(1);
    expect(await admin.pttl(a.key)).toBeGreaterThan(20_000);
    // b draws from the same budget: it waits (here until its caller gives up)
    const waited = await b.acquire(AbortSignal.timeout(1500)).then(
      () => 'granted',
      (reason: unknown) => isCampaignSdkError(reason, 'ERR_ABORTED') || (reason as Error).name,
    );
    expect(waited).not.toBe('granted');
    await b.pause(2000);
    expect(await admin.pttl(a.key)).toBeGreaterThan(20_000);
  });

  it('the client draws from the budget for each request it sends, retries included, and reports 429s it retried', async () => {
    const a = budget();
    emulator.stats.reset();
    emulator.faults.inject({ target: 'api', kind: 'status', status: 429, retryAfterSeconds: 1, times: 1 });
    const retrying = client(a, {
      retry: { maxRetries: 2, initialDelayMs: 5, maxDelayMs: 20 },
    });
    const { error } = await retrying.request('GET', '/profileAndServices/profile');
    expect(error).toBeUndefined();
    // the 429 the client retried itself reached the budget through the fetch it was given
    expect(a.stats().pauses).toBe(1);
    expect(a.stats().acquired).toBe(emulator.stats.apiRequests());
    expect(emulator.stats.apiRequests()).toBe(2);
  });

  it('falls back to local counting with one warning when Redis is down, and says when it is back', async () => {
    const warnings: string[] = [];
    const a = budget({ onWarning: (message) => warnings.push(message), fallbackRequestsPerSecond: 5 });
    await a.acquire();
    expect(a.stats().local).toBe(0);
    await redis.kill();
    try {
      const c = client(a);
      for (let i = 0; i < 3; i++) {
        const { error } = await c.request('GET', '/profileAndServices/profile', { query: { _lineCount: 1 } });
        expect(error).toBeUndefined();
      }
      expect(a.stats().local).toBeGreaterThanOrEqual(3);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/cannot reach Redis/);
      expect(warnings[0]).toMatch(/5\/s/);
    } finally {
      await redis.restart();
    }
    // back: the next requests are counted in Redis again, and one message says so
    for (let attempt = 0; warnings.length < 2 && attempt < 200; attempt++) {
      await a.acquire();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(warnings).toHaveLength(2);
    expect(warnings[1]).toMatch(/again/);
    const local = a.stats().local;
    await a.acquire();
    expect(a.stats().local).toBe(local);
  });
});
