import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isCampaignSdkError, UnsafeFileError } from '../../src/errors.js';
import { createFileTokenStore, readPrivateFile, writePrivateFile } from '../../src/file-store.js';
import type { StoredToken } from '../../src/types.js';

/**
 * Attacks on the token cache file and the private-file helpers through the file system: a link
 * planted where the store reads or writes, a directory others can write to or that someone else
 * owns, a FIFO in place of the file. None may make the store write outside its directory, read a
 * file it did not write, or block.
 */

const POSIX = process.platform !== 'win32';
const IS_ROOT = POSIX && process.getuid?.() === 0;
/** uid of `nobody`: a user other than the one running the tests. */
const OTHER_UID = 65534;

const TOKEN = `eyJhbGciOiJSUzI1NiJ9.${randomBytes(40).toString('base64url')}.${randomBytes(20).toString('base64url')}`;
const PLANTED_TOKEN = `eyJhbGciOiJSUzI1NiJ9.${randomBytes(40).toString('base64url')}.planted`;
const SECRET = `p8e-${randomBytes(24).toString('base64url')}`;
const KEY = 'oauth-server-to-server:client:org';

const roots: string[] = [];
const fifos: string[] = [];
afterEach(() => {
  // a reader still blocked on a FIFO (the bug) is released by a writer opening and closing it
  for (const fifo of fifos.splice(0)) {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // nobody was reading
    }
  }
});
afterAll(() => {
  for (const root of roots) {
    try {
      chmodSync(root, 0o700);
    } catch {}
    rmSync(root, { recursive: true, force: true });
  }
});

/** A private scratch directory (0700) holding `dir` (where the store lives) and `outside`. */
function scratch(): { root: string; dir: string; outside: string; victim: string } {
  const root = mkdtempSync(join(tmpdir(), 'acs-file-attacks-'));
  roots.push(root);
  const dir = join(root, 'config');
  const outside = join(root, 'outside');
  mkdirSync(dir, { mode: 0o700 });
  mkdirSync(outside, { mode: 0o700 });
  const victim = join(outside, 'victim.txt');
  writeFileSync(victim, 'precious content\n', { mode: 0o644 });
  chmodSync(victim, 0o644);
  return { root, dir, outside, victim };
}

function stored(token = TOKEN): StoredToken {
  return {
    accessToken: { token, tokenType: 'bearer', expiresOnTimestamp: Date.now() + 3_600_000 },
    storedAt: Date.now(),
  };
}

/** The content of a valid cache file holding `token` under {@link KEY}. */
function cacheFile(token: string): string {
  return JSON.stringify({
    kind: 'campaign-standard-token-cache',
    version: 1,
    entries: { [KEY]: stored(token) },
  });
}

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
  fifos.push(path);
}

/** Rejects when `promise` has not settled after `ms`: a blocked read fails the test instead of hanging it. */
function within<T>(promise: Promise<T>, ms = 3_000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still blocked after ${ms} ms`)), ms)),
  ]);
}

/** Every file under `dir` (recursively) whose content includes `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    if (readFileSync(path, 'utf8').includes(needle)) found.push(path);
  }
  return found;
}

function expectVictimUntouched(victim: string): void {
  expect(readFileSync(victim, 'utf8')).toBe('precious content\n');
  if (POSIX) expect(statSync(victim).mode & 0o777).toBe(0o644);
}

describe.skipIf(!POSIX)('the token file store against planted links', () => {
  it('does not read tokens through a symlink planted at the cache path', async () => {
    const { dir, outside } = scratch();
    const planted = join(outside, 'planted.json');
    writeFileSync(planted, cacheFile(PLANTED_TOKEN), { mode: 0o600 });
    symlinkSync(planted, join(dir, 'tokens.json'));
    const warnings: string[] = [];
    const store = createFileTokenStore({
      path: join(dir, 'tokens.json'),
      onWarning: (w) => warnings.push(w),
    });

    expect(await store.get(KEY)).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/symbolic link/);
  });

  it('does not write through, or replace, a symlink planted at the cache path', async () => {
    const { dir, outside, victim } = scratch();
    const path = join(dir, 'tokens.json');
    symlinkSync(victim, path);
    const warnings: string[] = [];
    const store = createFileTokenStore({ path, onWarning: (w) => warnings.push(w) });

    const error = await Promise.resolve(store.set(KEY, stored())).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnsafeFileError);
    expect(isCampaignSdkError(error, 'ERR_UNSAFE_FILE')).toBe(true);
    expect((error as UnsafeFileError).reason).toBe('symlink');
    expect(warnings.join('\n')).toMatch(/symbolic link/);
    expectVictimUntouched(victim);
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
    expect(filesContaining(outside, TOKEN)).toEqual([]);
    expect(filesContaining(dir, TOKEN)).toEqual([]);
  });

  it('writes through none of the old predictable temporary names', async () => {
    const { dir, outside, victim } = scratch();
    const path = join(dir, 'tokens.json');
    for (const name of [`tokens.json.${process.pid}.tmp`, 'tokens.json.tmp', '.tokens.json.tmp'])
      symlinkSync(victim, join(dir, name));
    const store = createFileTokenStore({ path });

    await store.set(KEY, stored());
    expectVictimUntouched(victim);
    expect(filesContaining(outside, TOKEN)).toEqual([]);
    expect(lstatSync(path).isFile()).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect((await store.get(KEY))?.accessToken.token).toBe(TOKEN);
  });

  it('does not follow a symlinked cache directory that someone else owns', async () => {
    const { root, dir } = scratch();
    const theirs = join(root, 'theirs');
    mkdirSync(theirs, { mode: 0o755 });
    if (IS_ROOT) chownSync(theirs, OTHER_UID, OTHER_UID);
    else chmodSync(theirs, 0o777);
    symlinkSync(theirs, join(dir, 'cache'));
    const store = createFileTokenStore({ path: join(dir, 'cache', 'tokens.json'), onWarning: () => {} });

    await expect(Promise.resolve(store.set(KEY, stored()))).rejects.toBeInstanceOf(UnsafeFileError);
    expect(readdirSync(theirs)).toEqual([]);
  });
});

describe.skipIf(!POSIX)('the token file store in an unsafe directory', () => {
  it.each(['777', '770', '1777'])('refuses to write tokens into a directory with mode %s', async (mode) => {
    const { dir } = scratch();
    chmodSync(dir, Number.parseInt(mode, 8));
    const warnings: string[] = [];
    const path = join(dir, 'tokens.json');
    const store = createFileTokenStore({ path, onWarning: (w) => warnings.push(w) });

    const error = (await Promise.resolve(store.set(KEY, stored())).catch(
      (e: unknown) => e,
    )) as UnsafeFileError;
    expect(error).toBeInstanceOf(UnsafeFileError);
    expect(error.reason).toBe('writable-by-others');
    expect(error.path).toBe(dir);
    expect(error.hint).toContain(`chmod 700 ${dir}`);
    expect(warnings.join('\n')).toContain(`chmod 700 ${dir}`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to write tokens under a directory others can write to (the cache is a subdirectory)', async () => {
    const { dir } = scratch();
    chmodSync(dir, 0o777);
    const store = createFileTokenStore({ path: join(dir, 'cache', 'tokens.json'), onWarning: () => {} });

    await expect(Promise.resolve(store.set(KEY, stored()))).rejects.toMatchObject({
      reason: 'writable-by-others',
      path: dir,
    });
    expect(filesContaining(dir, TOKEN)).toEqual([]);
  });

  it('accepts a private directory under a world-writable parent with the sticky bit, as /tmp is', async () => {
    const { root } = scratch();
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const path = join(shared, 'mine', 'tokens.json');
    const store = createFileTokenStore({ path });

    await store.set(KEY, stored());
    expect((await store.get(KEY))?.accessToken.token).toBe(TOKEN);
    expect(statSync(join(shared, 'mine')).mode & 0o777).toBe(0o700);
  });

  it.skipIf(!IS_ROOT)('refuses a private directory under a parent owned by someone else', async () => {
    const { root } = scratch();
    const theirs = join(root, 'theirs');
    mkdirSync(join(theirs, 'mine'), { recursive: true, mode: 0o700 });
    chownSync(theirs, OTHER_UID, OTHER_UID);
    const store = createFileTokenStore({ path: join(theirs, 'mine', 'tokens.json'), onWarning: () => {} });

    await expect(Promise.resolve(store.set(KEY, stored()))).rejects.toMatchObject({
      reason: 'foreign-owner',
      path: theirs,
    });
    expect(readdirSync(join(theirs, 'mine'))).toEqual([]);
  });

  it.skipIf(!IS_ROOT)('refuses to write tokens into a directory owned by someone else', async () => {
    const { dir } = scratch();
    chownSync(dir, OTHER_UID, OTHER_UID);
    const store = createFileTokenStore({ path: join(dir, 'tokens.json'), onWarning: () => {} });

    const error = (await Promise.resolve(store.set(KEY, stored())).catch(
      (e: unknown) => e,
    )) as UnsafeFileError;
    expect(error).toBeInstanceOf(UnsafeFileError);
    expect(error.reason).toBe('foreign-owner');
    expect(error.message).toContain(`uid ${OTHER_UID}`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.skipIf(!IS_ROOT)('ignores a token file someone else owns', async () => {
    const { dir } = scratch();
    const path = join(dir, 'tokens.json');
    writeFileSync(path, cacheFile(PLANTED_TOKEN), { mode: 0o600 });
    chownSync(path, OTHER_UID, OTHER_UID);
    const warnings: string[] = [];
    const store = createFileTokenStore({ path, onWarning: (w) => warnings.push(w) });

    expect(await store.get(KEY)).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/owned by uid 65534/);
  });

  it('ignores a token file that others can write to', async () => {
    const { dir } = scratch();
    const path = join(dir, 'tokens.json');
    writeFileSync(path, cacheFile(PLANTED_TOKEN));
    chmodSync(path, 0o666);
    const warnings: string[] = [];
    const store = createFileTokenStore({ path, onWarning: (w) => warnings.push(w) });

    expect(await store.get(KEY)).toBeUndefined();
    expect(warnings.join('\n')).toContain('writable by other users');
  });
});

describe.skipIf(!POSIX)('special files at the cache path', () => {
  it('skips a FIFO at the cache path with a warning instead of blocking', async () => {
    const { dir } = scratch();
    const path = join(dir, 'tokens.json');
    mkfifo(path);
    const warnings: string[] = [];
    const store = createFileTokenStore({ path, onWarning: (w) => warnings.push(w) });

    expect(await within(Promise.resolve(store.get(KEY)))).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/not a regular file/);
    // and does not replace it either
    await expect(within(Promise.resolve(store.set(KEY, stored())))).rejects.toBeInstanceOf(UnsafeFileError);
    expect(lstatSync(path).isFIFO()).toBe(true);
  });

  it('warns once per problem, not on every read', async () => {
    const { dir } = scratch();
    const path = join(dir, 'tokens.json');
    mkfifo(path);
    const warnings: string[] = [];
    const store = createFileTokenStore({ path, onWarning: (w) => warnings.push(w) });
    for (let i = 0; i < 3; i++) await within(Promise.resolve(store.get(KEY)));
    expect(warnings).toHaveLength(1);
  });
});

describe.skipIf(!POSIX)('readPrivateFile and writePrivateFile', () => {
  it('write a 0600 file atomically, leave no temporary file, and read it back', async () => {
    const { dir } = scratch();
    const path = join(dir, 'nested', 'config.json');
    await writePrivateFile(path, `{"secret":"${SECRET}"}\n`);
    expect(await readPrivateFile(path)).toBe(`{"secret":"${SECRET}"}\n`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'nested')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['config.json']);
    expect(await readPrivateFile(join(dir, 'missing.json'))).toBeUndefined();
  });

  it('refuse a symlink at the file itself, for reading and for writing', async () => {
    const { dir, outside, victim } = scratch();
    const path = join(dir, 'config.json');
    symlinkSync(victim, path);
    await expect(readPrivateFile(path)).rejects.toMatchObject({ code: 'ERR_UNSAFE_FILE', reason: 'symlink' });
    await expect(writePrivateFile(path, SECRET)).rejects.toMatchObject({ reason: 'symlink', path });
    expectVictimUntouched(victim);
    expect(filesContaining(outside, SECRET)).toEqual([]);
    expect(filesContaining(dir, SECRET)).toEqual([]);
  });

  it('refuse a dangling symlink at the file (it would create the target)', async () => {
    const { dir, outside } = scratch();
    const path = join(dir, 'config.json');
    const target = join(outside, 'created-by-us.json');
    symlinkSync(target, path);
    await expect(writePrivateFile(path, SECRET)).rejects.toMatchObject({ reason: 'symlink' });
    expect(readdirSync(outside)).toEqual(['victim.txt']);
  });

  it('never block on a FIFO or read a directory', async () => {
    const { dir } = scratch();
    const fifo = join(dir, 'fifo.json');
    mkfifo(fifo);
    await expect(within(readPrivateFile(fifo))).rejects.toMatchObject({ reason: 'not-regular-file' });
    mkdirSync(join(dir, 'sub'));
    await expect(readPrivateFile(join(dir, 'sub'))).rejects.toMatchObject({ reason: 'not-regular-file' });
  });

  it('say what is wrong and how to fix it, without the content', async () => {
    const { dir } = scratch();
    chmodSync(dir, 0o777);
    const path = join(dir, 'config.json');
    const error = (await writePrivateFile(path, SECRET).catch((e: unknown) => e)) as UnsafeFileError;
    expect(error.name).toBe('UnsafeFileError');
    expect(error.file).toBe(path);
    expect(error.message).toContain(dir);
    expect(error.message).toContain('0777');
    expect(error.hint).toContain(`chmod 700 ${dir}`);
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(String(error)).not.toContain(SECRET);
  });
});
