import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Abort and shutdown, in a real child process that uses the built packages: after aborting
 * mid-refresh, mid-pagination and mid-retry-wait, the process must exit on its own (no pending
 * timer or socket keeps it alive), and the token cache file must be whole.
 */

const PROFILES = '/acme/campaign/profileAndServices/profile';
const EXIT_DEADLINE_MS = 15_000;
let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 100, seed: 9 });
  dir = mkdtempSync(join(tmpdir(), 'acs-abort-'));
});
afterAll(async () => {
  await emulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  exitedOnItsOwn: boolean;
  stdout: string;
  stderr: string;
}

function runChild(settings: object): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'fixtures/abort-child.mjs')], {
      env: { ...process.env, ABORT_CHILD_SETTINGS: JSON.stringify(settings) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    let killed = false;
    const deadline = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, EXIT_DEADLINE_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(deadline);
      resolve({ code, signal, exitedOnItsOwn: !killed, stdout, stderr });
    });
  });
}

describe('abort and shutdown', () => {
  it('aborting mid-refresh, mid-pagination and mid-retry-wait leaves nothing that keeps the process alive', async () => {
    const cachePath = join(dir, 'tokens', 'cache.json');
    // Held requests and waits all outlast the exit deadline, so any of them left running would
    // keep the child alive: the first token request and the third profile page are held 20 s,
    // the first services request is answered 503 with Retry-After 30.
    emulator.faults.inject({ target: 'ims', kind: 'latency', latencyMs: 20_000, times: 1 });
    emulator.faults.inject({ target: 'api', kind: 'latency', latencyMs: 0, times: 2, pathPrefix: PROFILES });
    emulator.faults.inject({
      target: 'api',
      kind: 'latency',
      latencyMs: 20_000,
      times: 1,
      pathPrefix: PROFILES,
    });
    emulator.faults.inject({
      target: 'api',
      kind: 'status',
      status: 503,
      retryAfterSeconds: 30,
      times: 1,
      pathPrefix: '/acme/campaign/profileAndServices/service',
    });
    const c = emulator.credentials;
    const run = await runChild({
      url: emulator.url,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      orgId: c.orgId,
      scopes: c.scopes,
      cachePath,
    });

    expect(run.stderr).toBe('');
    expect({ exitedOnItsOwn: run.exitedOnItsOwn, code: run.code }).toEqual({ exitedOnItsOwn: true, code: 0 });
    expect(JSON.parse(run.stdout)).toEqual({
      midRefresh: 'AbortedError',
      midPagination: 'AbortedError',
      pagesBeforeAbort: 2,
      midRetryWait: 'AbortedError',
      afterwards: 'ok',
    });
    // The aborted token request was cancelled, not left to finish: one held request, one real one.
    expect(emulator.stats.tokenRequests({ outcome: 'success' })).toBe(1);

    // The cache file is whole, private, and alone (no temporary file left behind).
    const cache = JSON.parse(readFileSync(cachePath, 'utf8')) as { kind: string; entries: object };
    expect(cache.kind).toBe('campaign-standard-token-cache');
    expect(Object.keys(cache.entries)).toHaveLength(1);
    expect(readdirSync(join(dir, 'tokens'))).toEqual(['cache.json']);
    if (process.platform !== 'win32') expect(statSync(cachePath).mode & 0o777).toBe(0o600);
  }, 90_000);
});
