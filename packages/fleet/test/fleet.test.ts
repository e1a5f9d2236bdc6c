import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../token-store-redis/test/redis-server.js';
import { createFleet, type FleetJobStatus } from '../src/index.js';
import { type FleetProcess, type ProcessConfig, seededRandom, startProcess } from './processes.js';
import { checkingClient, differences, plan, profilesOf } from './scenario.js';

/**
 * The organization's budget, requests per second, for the emulator and the fleet alike: low enough
 * that the budget, not the machine, sets the pace of the fleet on a busy 2-core CI machine.
 */
const R = 80;
/** Rows of the 4-worker import (the 10,000 with FLEET_ROWS=10000: a few minutes at 80/s). */
const ROWS = Number(process.env['FLEET_ROWS'] ?? 600);

describe('a fleet of worker processes on BullMQ, one rate budget on Redis', () => {
  let redis: TestRedis;
  let emulator: Emulator;
  const running: FleetProcess[] = [];
  let queue = 0;

  beforeAll(async () => {
    [redis, emulator] = await Promise.all([
      startRedis({ persistDir: mkdtempSync(join(tmpdir(), 'acs-fleet-redis-')) }),
      startEmulator({ rateLimit: { requestsPerSecond: R } }),
    ]);
    const c = emulator.credentials;
    // Another integration of the same organization: its calls share the organization's budget.
    emulator.registerClient({
      clientId: 'crm-sync',
      clientSecrets: ['crm-sync-secret'],
      orgId: c.orgId,
      technicalAccountId: 'crm-sync@techacct.adobe.com',
      scopes: c.scopes,
      metascopes: [],
    });
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((child) => child.kill()));
  });

  afterAll(async () => {
    await Promise.all([redis?.stop(), emulator?.stop()]);
  });

  const config = (overrides: Partial<ProcessConfig> = {}): ProcessConfig => {
    const c = emulator.credentials;
    return {
      role: 'worker',
      redisUrl: redis.url,
      imsUrl: emulator.imsUrl,
      baseUrl: emulator.baseUrl,
      tenant: c.tenant,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      orgId: c.orgId,
      scopes: c.scopes,
      budget: true,
      requestsPerSecond: R,
      queueName: `q${queue}`,
      rowConcurrency: 8,
      reconcileDelayMs: 300,
      lockDurationMs: 3000,
      stalledIntervalMs: 1000,
      ...overrides,
    };
  };

  const start = async (overrides: Partial<ProcessConfig> = {}): Promise<FleetProcess> => {
    const child = await startProcess(config(overrides));
    running.push(child);
    return child;
  };

  /** Polls the job until `done` says so (progress of real processes: no fixed sleep decides). */
  const until = async (
    fleet: ReturnType<typeof createFleet>,
    jobId: string,
    done: (status: FleetJobStatus) => boolean,
  ): Promise<FleetJobStatus> => {
    for (;;) {
      const status = await fleet.status(jobId);
      if (status && done(status)) return status;
      if (process.env['FLEET_TEST_TRACE'] && Date.now() % 2000 < 60)
        console.log(JSON.stringify(status), emulator.stats.rateLimited());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  it(`4 workers import ${ROWS} rows within the budget, with one IMS token, beside a process of ordinary calls`, {
    timeout: 120_000 + ROWS * 200,
  }, async () => {
    queue++;
    emulator.stats.reset();
    const domain = 'four.fleet.example';
    const input = plan(ROWS, 17, domain);
    const fleet = createFleet({ redis: redis.url, queueName: `q${queue}` });
    try {
      const workers = await Promise.all(Array.from({ length: 4 }, () => start()));
      const caller = await start({ role: 'caller', clientId: 'crm-sync', clientSecret: 'crm-sync-secret' });
      const { jobId, rows, chunks } = await fleet.enqueueImport({
        resource: 'profile',
        key: 'email',
        source: input.rows,
        chunkSize: 50,
      });
      expect(rows).toBe(ROWS);
      // rows of a key already seen join its chunk: a few chunks fewer than rows / 50
      expect(chunks).toBeGreaterThan(ROWS / 100);
      const status = await until(fleet, jobId, (s) => s.state === 'completed');
      const called = await caller.finish<{ calls: number; failures: string[] }>('stop', 'done');
      const closed = await Promise.all(
        workers.map((worker) => worker.finish<{ chunks: number; warnings: string[] }>('close', 'closed')),
      );

      // One token for the whole fleet of workers (before this test's own client asks for one).
      expect(emulator.stats.tokenRequests({ clientId: emulator.credentials.clientId })).toBe(1);
      // Every row once: the counters the Lua script kept, and the records themselves.
      expect(status.finished).toBe(ROWS);
      expect(status.refused).toBe(input.refused);
      expect(status.created + status.updated + status.unchanged + status.refused).toBe(ROWS);
      const found = await profilesOf(checkingClient(emulator), domain);
      expect(differences(found, input.expected)).toEqual([]);
      expect(closed.reduce((sum, worker) => sum + worker.chunks, 0)).toBeGreaterThanOrEqual(chunks);
      expect(closed.filter((worker) => worker.chunks > 0).length).toBeGreaterThan(1);
      expect(closed.flatMap((worker) => worker.warnings)).toEqual([]);

      // The organization's budget held: the emulator's gateway never refused a call.
      expect(emulator.stats.rateLimited()).toBe(0);
      // The ordinary calls were made beside the import, and counted against the same budget.
      expect(called.calls).toBeGreaterThan(0);
      expect(called.failures).toEqual([]);
      expect(emulator.stats.apiRequests({ clientId: 'crm-sync' })).toBe(called.calls);
    } finally {
      await fleet.close();
    }
  });

  it('SIGKILL of two workers at random points, one new worker: the exact set, no duplicate', {
    timeout: 240_000,
  }, async () => {
    queue++;
    const domain = 'killed.fleet.example';
    const seed = Number(process.env['FLEET_KILL_SEED'] ?? Date.now() % 100_000);
    const random = seededRandom(seed);
    const input = plan(400, seed, domain);
    const fleet = createFleet({ redis: redis.url, queueName: `q${queue}` });
    try {
      const workers = await Promise.all(Array.from({ length: 3 }, () => start()));
      const { jobId } = await fleet.enqueueImport({
        resource: 'profile',
        key: 'email',
        source: input.rows,
        chunkSize: 50,
      });
      const points = [0.15 + random() * 0.3, 0.5 + random() * 0.3].map((f) => Math.floor(f * 400));
      console.log(`kill seed ${seed}: SIGKILL at ${points.join(' and ')} rows finished`);
      await until(fleet, jobId, (s) => s.finished >= points[0]!);
      await workers[0]!.kill();
      await until(fleet, jobId, (s) => s.finished >= points[1]!);
      await workers[1]!.kill();
      await start();
      const status = await fleet.waitFor(jobId, { intervalMs: 200 });

      expect(status.finished).toBe(400);
      expect(status.refused).toBe(input.refused);
      const found = await profilesOf(checkingClient(emulator), domain);
      expect(differences(found, input.expected), `kill seed ${seed}`).toEqual([]);
    } finally {
      await fleet.close();
    }
  });

  it('Redis restarted mid-job (SIGKILL, its append-only file kept): the job completes, nothing lost or twice', {
    timeout: 240_000,
  }, async () => {
    queue++;
    const domain = 'restart.fleet.example';
    const input = plan(300, 5, domain);
    const fleet = createFleet({ redis: redis.url, queueName: `q${queue}` });
    try {
      await Promise.all(Array.from({ length: 2 }, () => start()));
      const { jobId } = await fleet.enqueueImport({
        resource: 'profile',
        key: 'email',
        source: input.rows,
        chunkSize: 50,
      });
      await until(fleet, jobId, (s) => s.finished >= 100);
      await redis.restart();
      const status = await fleet.waitFor(jobId, { intervalMs: 200 });

      expect(status.finished).toBe(300);
      const found = await profilesOf(checkingClient(emulator), domain);
      expect(differences(found, input.expected)).toEqual([]);
    } finally {
      await fleet.close();
    }
  });
  it("waitFor stops as soon as its signal aborts, with the signal's reason, the next poll ten minutes away", async () => {
    queue++;
    const fleet = createFleet({ redis: redis.url, queueName: `q${queue}` });
    try {
      // no worker: the job never completes, and the next poll is ten minutes away
      const { jobId } = await fleet.enqueueImport({
        resource: 'profile',
        key: 'email',
        source: plan(5, 11, 'wait.fleet.example').rows,
        chunkSize: 5,
      });
      const controller = new AbortController();
      const waiting = fleet.waitFor(jobId, { intervalMs: 600_000, signal: controller.signal });
      const reason = new Error('the operator gave up');
      controller.abort(reason);
      await expect(waiting).rejects.toBe(reason);
    } finally {
      await fleet.close();
    }
  });

  it('an export on the fleet, its worker SIGKILLed mid-list: every record once, in list order', {
    timeout: 240_000,
  }, async () => {
    queue++;
    const fleet = createFleet({ redis: redis.url, queueName: `q${queue}` });
    try {
      const first = await start();
      const { jobId } = await fleet.enqueueExport({ resource: 'profile', pageSize: 5 });
      await until(fleet, jobId, (s) => s.finished >= 20 || s.state === 'completed');
      await first.kill();
      await start();
      const status = await fleet.waitFor(jobId, { intervalMs: 200 });

      const exported: Record<string, unknown>[] = [];
      for await (const record of fleet.readExport(jobId)) exported.push(record);
      const listed: Record<string, unknown>[] = [];
      for await (const record of checkingClient(emulator).list<Record<string, unknown>>(
        '/profileAndServices/profile',
        {
          query: { _lineCount: 1000 },
        },
      ))
        listed.push(record);
      expect(status.finished).toBe(listed.length);
      expect(exported.map((record) => record['PKey'])).toEqual(listed.map((record) => record['PKey']));
    } finally {
      await fleet.close();
    }
  });
});
