// `acs import --queue`, `acs worker` and `acs jobs status` as a user runs them: the built binary in
// child processes, a real redis-server, the emulator over HTTP.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../../token-store-redis/test/redis-server.js';
import { BIN, baseEnv, emulatorEnv, runAcs, tempDir } from './helpers.js';

describe('acs import --queue, acs worker, acs jobs status', () => {
  let emulator: Emulator;
  let redis: TestRedis;
  let env: Record<string, string>;
  let cwd: string;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    [emulator, redis] = await Promise.all([startEmulator({ profiles: 3 }), startRedis()]);
    env = baseEnv(tempDir(), emulatorEnv(emulator));
    cwd = tempDir('acs-fleet-');
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all([emulator?.stop(), redis?.stop()]);
  });

  const acs = (args: string[]) => runAcs(args, { env, cwd });

  /** Starts `acs worker`; resolves once it says it takes chunks. */
  const startWorker = (args: string[]) =>
    new Promise<{
      child: ChildProcess;
      exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
    }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'worker', ...args], {
        env,
        cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      workers.push(child);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
        child.once('close', (code) => done({ code, stdout, stderr })),
      );
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('taking chunks')) resolve({ child, exited });
      });
      child.once('close', (code) => reject(new Error(`acs worker exited (${code}): ${stderr}`)));
    });

  it('queues a file, two workers import it with one token, and the status says so; no secret anywhere', async () => {
    const rows = ['E-mail,Last name'];
    for (let i = 0; i < 30; i++) rows.push(`p${i}@cli-fleet.test,Row${i}`);
    rows.push('p0@cli-fleet.test,Again'); // the same key: the same chunk, after the first
    const file = join(cwd, 'people.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    emulator.stats.reset();

    const a = await startWorker(['--queue', redis.url, '--rate', '50']);
    const b = await startWorker(['--queue', redis.url, '--rate', '50']);
    const queued = await acs([
      'import',
      'profile',
      'people.csv',
      '--key',
      'email',
      '--map',
      'E-mail=email',
      '--map',
      'Last name=lastName',
      '--queue',
      redis.url,
      '--chunk-size',
      '10',
      '--output',
      'json',
    ]);
    expect(queued.code, queued.stderr).toBe(0);
    const {
      jobId,
      rows: count,
      chunks,
    } = JSON.parse(queued.stdout) as { jobId: string; rows: number; chunks: number };
    expect(count).toBe(31);
    expect(chunks).toBe(3);

    let status: Record<string, unknown> = {};
    for (let attempt = 0; attempt < 600 && status['state'] !== 'completed'; attempt++) {
      const shown = await acs(['jobs', 'status', jobId, '--queue', redis.url, '--output', 'json']);
      expect(shown.code, shown.stderr).toBe(0);
      status = JSON.parse(shown.stdout) as Record<string, unknown>;
      if (status['state'] !== 'completed') await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toMatchObject({
      jobId,
      state: 'completed',
      rows: 31,
      done: 31,
      refused: 0,
      created: 30,
      updated: 1,
    });

    for (const worker of [a, b]) worker.child.kill('SIGTERM');
    const ended = await Promise.all([a.exited, b.exited]);
    expect(ended.map((end) => end.code)).toEqual([0, 0]);
    const chunksDone = ended.map((end) => (JSON.parse(end.stdout) as { chunks: number }).chunks);
    expect(chunksDone.reduce((sum, n) => sum + n, 0)).toBe(3);

    // one token for the two workers, shared through Redis
    const clientId = emulator.credentials.clientId;
    expect(emulator.stats.tokenRequests({ clientId })).toBe(1);
    const settings = emulatorEnv(emulator);
    const check = createCampaignClient({
      auth: fromEnvironment(settings),
      tenant: settings['ACS_TENANT']!,
      baseUrl: settings['ACS_BASE_URL']!,
    });
    const found: Record<string, unknown>[] = [];
    for await (const p of check.list<Record<string, unknown>>('/profileAndServices/profile', {
      query: { _lineCount: 500 },
    })) {
      if (String(p['email']).endsWith('@cli-fleet.test')) found.push(p);
    }
    expect(found).toHaveLength(30);
    expect(found.find((p) => p['email'] === 'p0@cli-fleet.test')?.['lastName']).toBe('Again');

    // nothing secret in the queue, the job state or the outputs: only the records
    const secret = emulator.credentials.clientSecret;
    for (const end of ended) expect(end.stdout + end.stderr).not.toContain(secret);
    expect(queued.stdout + queued.stderr).not.toContain(secret);
    const dump = await redisDump(redis.url);
    expect(dump).toContain('p1@cli-fleet.test');
    expect(dump).not.toContain(secret);
    expect(dump).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
  }, 120_000);

  it('refuses a --queue that is not a Redis URL', async () => {
    const result = await acs(['jobs', 'status', '--queue', 'http://localhost:6379']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--queue must be a Redis URL/);
  });
});

/** Every value of every key of the Redis at `url` (read with redis-cli). */
async function redisDump(url: string): Promise<string> {
  const cli = (...args: string[]) => execFileSync('redis-cli', ['-u', url, ...args], { encoding: 'utf8' });
  const parts: string[] = [];
  for (const key of cli('--scan').split('\n').filter(Boolean)) {
    const type = cli('type', key).trim();
    const read: Record<string, string[]> = {
      string: ['get', key],
      hash: ['hgetall', key],
      list: ['lrange', key, '0', '-1'],
      zset: ['zrange', key, '0', '-1'],
      set: ['smembers', key],
    };
    const command = read[type];
    parts.push(key, command ? cli(...command) : '');
  }
  return parts.join('\n');
}
