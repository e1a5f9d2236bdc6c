import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/run.js';
import { BIN, baseEnv, emulatorEnv, type RunResult, runAcs, tempDir } from '../helpers.js';

/**
 * How `acs` writes and reads its own files (`config.json` and the token cache) in a directory
 * someone else can touch: a link planted at any name it writes must not redirect the write, a loose
 * or foreign directory must not receive secrets, and a FIFO where a file should be must not hang it.
 */

const POSIX = process.platform !== 'win32';
const IS_ROOT = POSIX && process.getuid?.() === 0;
const OTHER_UID = 65534;
const SECRET = `p8e-${randomBytes(24).toString('base64url')}`;
const VICTIM_TEXT = 'precious content, not a configuration\n';
/** Test time limit of the runs that used to hang: above the 30 s after which the run is killed. */
const HANG = 60_000;

let emulator: Emulator;
const roots: string[] = [];
const fifos: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 2 });
});
afterEach(() => {
  // releases a reader left blocked on a FIFO (the bug), so nothing lingers after a failure
  for (const fifo of fifos.splice(0)) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {}
  }
});
afterAll(async () => {
  await emulator?.stop();
  for (const root of roots) {
    try {
      chmodSync(join(root, 'config'), 0o700);
    } catch {}
    rmSync(root, { recursive: true, force: true });
  }
});

/** A private scratch directory with `config` (ACS_CONFIG_DIR), `outside` (holds a victim file) and `cwd`. */
function scratch(): { root: string; dir: string; outside: string; victim: string; cwd: string } {
  const root = tempDir('acs-config-files-');
  roots.push(root);
  const dir = join(root, 'config');
  const outside = join(root, 'outside');
  const cwd = join(root, 'cwd');
  for (const d of [dir, outside, cwd]) mkdirSync(d, { mode: 0o700 });
  const victim = join(outside, 'victim.txt');
  writeFileSync(victim, VICTIM_TEXT);
  chmodSync(victim, 0o644);
  return { root, dir, outside, victim, cwd };
}

function expectVictimUntouched(victim: string): void {
  expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
  expect(statSync(victim).mode & 0o777).toBe(0o644);
}

/** Every regular file under `dir` whose content includes `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    if (readFileSync(path, 'utf8').includes(needle)) found.push(path);
  }
  return found;
}

/** Runs `acs` in this process (so `process.pid` is the pid it would use in a file name). */
async function runInProcess(args: string[], env: Record<string, string>, cwd: string): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    cwd,
  });
  return { code, stdout, stderr };
}

/**
 * Spawns the built `acs` and waits for it to exit by itself; a run still going after `killAfterMs`
 * (a hang) is killed and reported with `killed: true`, so a hang fails the test instead of vitest.
 */
function spawnAcs(
  args: string[],
  options: { env: Record<string, string>; cwd: string; killAfterMs?: number },
): Promise<RunResult & { killed: boolean }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: options.env, cwd: options.cwd, timeout: options.killAfterMs ?? 30_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const killed = Boolean(error && (error as { killed?: boolean }).killed);
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr, killed });
      },
    );
  });
}

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
  fifos.push(path);
}

describe.skipIf(!POSIX)('acs config set against planted links', () => {
  it('does not write through a link planted at the old predictable temporary name', async () => {
    const { dir, outside, victim, cwd } = scratch();
    symlinkSync(victim, join(dir, `config.json.${process.pid}.tmp`));

    const result = await runInProcess(['config', 'set', 'client-secret', SECRET], baseEnv(dir), cwd);

    expect(result.code).toBe(0);
    expectVictimUntouched(victim);
    expect(filesContaining(outside, SECRET)).toEqual([]);
    const configFile = join(dir, 'config.json');
    expect(lstatSync(configFile).isFile()).toBe(true);
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(filesContaining(dir, SECRET)).toEqual([configFile]);
    expect(result.stderr).not.toContain(SECRET);
  });

  it('refuses a symlink at config.json itself, for writing and for reading', async () => {
    const { dir, outside, victim, cwd } = scratch();
    // a valid configuration elsewhere, so that following the link would "work"
    const planted = join(outside, 'planted.json');
    writeFileSync(
      planted,
      JSON.stringify({ current: 'default', profiles: { default: { ACS_TENANT: 'planted' } } }),
    );
    const configFile = join(dir, 'config.json');
    symlinkSync(planted, configFile);

    const set = await runInProcess(['config', 'set', 'client-secret', SECRET], baseEnv(dir), cwd);
    expect(set.code).toBe(3);
    expect(set.stderr).toContain('symbolic link');
    expect(set.stderr).toContain(configFile);
    expect(set.stderr).not.toContain(SECRET);
    expect(lstatSync(configFile).isSymbolicLink()).toBe(true);
    expect(filesContaining(outside, SECRET)).toEqual([]);
    expect(filesContaining(dir, SECRET)).toEqual([]);

    const get = await runInProcess(['config', 'get', 'tenant'], baseEnv(dir), cwd);
    expect(get.code).toBe(3);
    expect(get.stdout).not.toContain('planted');

    // commands that only read the configuration skip the file with a warning
    const doctor = await runInProcess(['doctor', '-o', 'json'], baseEnv(dir), cwd);
    expect(doctor.stdout).not.toContain('planted');
    expect(doctor.stderr).toMatch(/warning: .*symbolic link/);

    // a link to a file that does not exist yet must not create it either
    rmSync(configFile);
    const dangling = join(outside, 'created.json');
    symlinkSync(dangling, configFile);
    expect((await runInProcess(['config', 'set', 'tenant', 'x'], baseEnv(dir), cwd)).code).toBe(3);
    expect(existsSync(dangling)).toBe(false);
    expectVictimUntouched(victim);
  });
});

describe.skipIf(!POSIX)('acs config set in a directory others control', () => {
  it.each(['777', '770', '1777'])('refuses to store a secret in a directory with mode %s', async (mode) => {
    const { dir, cwd } = scratch();
    chmodSync(dir, Number.parseInt(mode, 8));

    const result = await runAcs(['config', 'set', 'client-secret', SECRET], { env: baseEnv(dir), cwd });

    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`chmod 700 ${dir}`);
    expect(result.stderr).not.toContain(SECRET);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.skipIf(!IS_ROOT)('refuses to store a secret in a directory owned by someone else', async () => {
    const { dir, cwd } = scratch();
    chownSync(dir, OTHER_UID, OTHER_UID);

    const result = await runAcs(['config', 'set', 'client-secret', SECRET], { env: baseEnv(dir), cwd });

    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`owned by uid ${OTHER_UID}`);
    expect(result.stderr).not.toContain(SECRET);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does not cache tokens under a loose directory, and still prints the token', async () => {
    const { dir, cwd } = scratch();
    chmodSync(dir, 0o777);

    const result = await runAcs(['auth', 'token'], { env: baseEnv(dir, emulatorEnv(emulator)), cwd });

    expect(result.code).toBe(0);
    expect(result.stdout.trim()).not.toBe('');
    expect(result.stderr).toMatch(new RegExp(`warning: Tokens not cached: .*chmod go-w ${dir}`));
    expect(existsSync(join(dir, 'cache', 'tokens.json'))).toBe(false);
    expect(filesContaining(dir, result.stdout.trim())).toEqual([]);
  });
});

describe.skipIf(!POSIX)('the token cache file', () => {
  it('is not written through, nor replaced, when it is a planted symlink', async () => {
    const { dir, outside, victim, cwd } = scratch();
    mkdirSync(join(dir, 'cache'), { mode: 0o700 });
    const cacheFile = join(dir, 'cache', 'tokens.json');
    symlinkSync(victim, cacheFile);

    const result = await runAcs(['auth', 'token'], { env: baseEnv(dir, emulatorEnv(emulator)), cwd });

    expect(result.code).toBe(0);
    const token = result.stdout.trim();
    expect(token).not.toBe('');
    expect(result.stderr).toMatch(/warning: .*symbolic link/);
    expectVictimUntouched(victim);
    expect(lstatSync(cacheFile).isSymbolicLink()).toBe(true);
    expect(filesContaining(outside, token)).toEqual([]);
  });

  it('a FIFO at the cache path is skipped with a warning; the run completes', { timeout: HANG }, async () => {
    const { dir, cwd } = scratch();
    mkdirSync(join(dir, 'cache'), { mode: 0o700 });
    const cacheFile = join(dir, 'cache', 'tokens.json');
    mkfifo(cacheFile);

    const result = await spawnAcs(['auth', 'token', '--timeout', '2'], {
      env: baseEnv(dir, emulatorEnv(emulator)),
      cwd,
    });

    expect(result.killed).toBe(false);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).not.toBe('');
    expect(result.stderr).toMatch(/warning: .*tokens\.json.*not a regular file/);
    expect(lstatSync(cacheFile).isFIFO()).toBe(true);
  });
});

describe.skipIf(!POSIX)('a FIFO at .env in the working directory', () => {
  it('is skipped with a warning; the run completes', { timeout: HANG }, async () => {
    const { dir, cwd } = scratch();
    mkfifo(join(cwd, '.env'));

    const result = await spawnAcs(['auth', 'token', '--timeout', '2'], {
      env: baseEnv(dir, emulatorEnv(emulator)),
      cwd,
    });

    expect(result.killed).toBe(false);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).not.toBe('');
    expect(result.stderr).toMatch(/warning: .*\.env is not a regular file/);
  });
});

describe.skipIf(!POSIX)('a FIFO at config.json', () => {
  it('is skipped with a warning by a command that reads it', { timeout: HANG }, async () => {
    const { dir, cwd } = scratch();
    mkfifo(join(dir, 'config.json'));

    const result = await spawnAcs(['auth', 'token', '--timeout', '2'], {
      env: baseEnv(dir, emulatorEnv(emulator)),
      cwd,
    });

    expect(result.killed).toBe(false);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).not.toBe('');
    expect(result.stderr).toMatch(/warning: .*config\.json.*not a regular file/);
  });

  it('makes `acs config set` fail clearly instead of hanging', { timeout: HANG }, async () => {
    const { dir, cwd } = scratch();
    const configFile = join(dir, 'config.json');
    mkfifo(configFile);

    const result = await spawnAcs(['config', 'set', 'client-secret', SECRET], { env: baseEnv(dir), cwd });

    expect(result.killed).toBe(false);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('not a regular file');
    expect(result.stderr).not.toContain(SECRET);
    expect(lstatSync(configFile).isFIFO()).toBe(true);
  });
});
