import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { createClient } from '@redis/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FleetConfig, type FleetWorker, startWorker } from './fleet.js';
import { startRedis, type TestRedis } from './redis-server.js';

const WORKERS = 8;
const CALLS = 200;

interface RoundResult {
  ok: number;
  failures: string[];
  tokens: number;
}

describe('a fleet of 8 processes sharing tokens through Redis', () => {
  let redis: TestRedis;
  let emulator: Emulator;
  let workers: FleetWorker[] = [];
  let clientId: string;

  const everyWorker = <T>(type: string, args: Record<string, unknown> = {}) =>
    Promise.all(workers.map((worker) => worker.ask<T>(type, args)));

  const flushRedis = async (): Promise<void> => {
    const client = createClient({ url: redis.url });
    await client.connect();
    await client.flushAll();
    await client.close();
  };

  beforeAll(async () => {
    [redis, emulator] = await Promise.all([startRedis(), startEmulator()]);
    const { credentials } = emulator;
    clientId = credentials.clientId;
    const config: FleetConfig = {
      redisUrl: redis.url,
      imsUrl: emulator.imsUrl,
      clientId,
      clientSecret: credentials.clientSecret,
      orgId: credentials.orgId,
      scopes: credentials.scopes,
    };
    workers = await Promise.all(Array.from({ length: WORKERS }, () => startWorker(config)));
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await Promise.all([redis?.stop(), emulator?.stop()]);
  });

  it('makes exactly one token request for 8 cold processes x 200 concurrent calls', async () => {
    emulator.stats.reset();
    const results = await everyWorker<RoundResult>('round', { calls: CALLS });

    expect(results.reduce((sum, result) => sum + result.ok, 0)).toBe(WORKERS * CALLS);
    expect(results.flatMap((result) => result.failures)).toEqual([]);
    expect(emulator.stats.tokenRequests({ clientId })).toBe(1);
    // and the next cold start of the whole fleet is served from Redis, with no request at all
    await everyWorker<RoundResult>('round', { calls: CALLS });
    expect(emulator.stats.tokenRequests({ clientId })).toBe(1);
  });

  it('fails no call when Redis is killed mid-run, warns, and shares again once Redis is back', async () => {
    await flushRedis();
    emulator.stats.reset();
    const running = everyWorker<{ ok: number; failures: string[]; rounds: number }>('rounds', {
      durationMs: 2_000,
      calls: 50,
      pauseMs: 20,
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 600));
    await redis.restart();
    const results = await running;

    expect(results.flatMap((result) => result.failures)).toEqual([]);
    const rounds = results.reduce((sum, result) => sum + result.rounds, 0);
    expect(results.reduce((sum, result) => sum + result.ok, 0)).toBe(rounds * 50);
    // with Redis up, a fleet shares one token; the extra requests are the rounds served while it was down
    expect(emulator.stats.tokenRequests({ clientId })).toBeGreaterThan(WORKERS);

    const ready = await everyWorker<{ ready: boolean }>('waitForRedis');
    expect(ready.every((worker) => worker.ready)).toBe(true);
    const warnings = (await everyWorker<{ warnings: string[] }>('warnings')).flatMap((w) => w.warnings);
    expect(warnings.some((message) => message.includes('Redis token store unavailable'))).toBe(true);
    expect(warnings.some((message) => message.includes('answers again'))).toBe(true);

    await flushRedis();
    emulator.stats.reset();
    const after = await everyWorker<RoundResult>('round', { calls: CALLS });
    expect(after.flatMap((result) => result.failures)).toEqual([]);
    expect(emulator.stats.tokenRequests({ clientId })).toBe(1);
  });
});
