import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileTokenStore } from './file-store.js';
import { createTokenCache } from './token-cache.js';
import type { AccessToken, StoredToken } from './types.js';

const HOUR = 3_600_000;
const posix = process.platform !== 'win32';

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acs-file-store-'));
  path = join(dir, 'nested', 'tokens.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entry = (token: string, expiresIn = HOUR): StoredToken => ({
  accessToken: { token, tokenType: 'bearer', expiresOnTimestamp: Date.now() + expiresIn },
  storedAt: Date.now(),
});

describe('createFileTokenStore', () => {
  it('keeps tokens by key in one file', async () => {
    const store = createFileTokenStore({ path });
    await store.set('a', entry('token-a'));
    await store.set('b', entry('token-b'));
    expect((await store.get('a'))?.accessToken.token).toBe('token-a');
    expect((await store.get('b'))?.accessToken.token).toBe('token-b');
    expect(await store.get('c')).toBeUndefined();
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    expect((await store.get('b'))?.accessToken.token).toBe('token-b');
  });

  it.runIf(posix)('creates the file 0600 and its directory 0700', async () => {
    await createFileTokenStore({ path }).set('a', entry('token-a'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
  });

  it('replaces the file atomically, leaving no temporary file behind', async () => {
    const store = createFileTokenStore({ path });
    await store.set('a', entry('token-a'));
    const before = await stat(path);
    await store.set('b', entry('token-b'));
    const after = await stat(path);
    // a rename swaps in a new file; rewriting in place would keep the inode
    expect(after.ino).not.toBe(before.ino);
    expect(await readdir(join(dir, 'nested'))).toEqual(['tokens.json']);
    expect(JSON.parse(await readFile(path, 'utf8')).entries).toHaveProperty('a');
  });

  it('ignores a corrupt file and replaces it on the next write', async () => {
    const store = createFileTokenStore({ path });
    await store.set('a', entry('token-a'));
    await writeFile(path, '{"kind":"campaign-standard-token-cache","version":1,"entries":{"a":');
    expect(await store.get('a')).toBeUndefined();
    await store.set('b', entry('token-b'));
    expect((await store.get('b'))?.accessToken.token).toBe('token-b');
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ kind: 'campaign-standard-token-cache' });
  });

  it('ignores a foreign JSON file and entries of the wrong shape', async () => {
    await createFileTokenStore({ path }).set('x', entry('x'));
    await writeFile(path, JSON.stringify({ a: entry('token-a') }));
    const store = createFileTokenStore({ path });
    expect(await store.get('a')).toBeUndefined();
    await writeFile(
      path,
      JSON.stringify({
        kind: 'campaign-standard-token-cache',
        version: 1,
        entries: { a: { accessToken: { token: 42 } }, b: entry('token-b') },
      }),
    );
    expect(await store.get('a')).toBeUndefined();
    expect((await store.get('b'))?.accessToken.token).toBe('token-b');
  });

  it('prunes expired entries on write and never returns one', async () => {
    const store = createFileTokenStore({ path });
    await store.set('old', entry('token-old', -1000));
    expect(await store.get('old')).toBeUndefined();
    await store.set('new', entry('token-new'));
    const file = JSON.parse(await readFile(path, 'utf8'));
    expect(Object.keys(file.entries)).toEqual(['new']);
  });

  it('loses no entry when one store writes several keys at once', async () => {
    const store = createFileTokenStore({ path });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, entry(`token-${i}`))));
    for (let i = 0; i < 20; i++) expect((await store.get(`k${i}`))?.accessToken.token).toBe(`token-${i}`);
  });

  it('tolerates two writers on one file: the file stays whole, the last writer wins', async () => {
    const a = createFileTokenStore({ path });
    const b = createFileTokenStore({ path });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => [
        a.set(`a${i}`, entry(`a${i}`)),
        b.set(`b${i}`, entry(`b${i}`)),
      ]).flat(),
    );
    const file = JSON.parse(await readFile(path, 'utf8'));
    expect(file.kind).toBe('campaign-standard-token-cache');
    expect(Object.keys(file.entries).length).toBeGreaterThan(0);
    expect(await readdir(join(dir, 'nested'))).toEqual(['tokens.json']);
  });

  it('lets two stores on one file share tokens, so a second process does not fetch', async () => {
    let fetches = 0;
    const fetchToken = async (): Promise<AccessToken> => {
      fetches++;
      return { token: `token-${fetches}`, tokenType: 'bearer', expiresOnTimestamp: Date.now() + HOUR };
    };
    const first = createTokenCache({ key: 'k', fetchToken, store: createFileTokenStore({ path }) });
    const second = createTokenCache({ key: 'k', fetchToken, store: createFileTokenStore({ path }) });
    expect((await first.getToken()).token).toBe('token-1');
    expect((await second.getToken()).token).toBe('token-1');
    expect(fetches).toBe(1);
  });
});
