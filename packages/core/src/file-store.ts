/**
 * A token store in a JSON file, shared by the runs and processes of one machine (Node only):
 * `import { createFileTokenStore } from '@campaign-standard/core/file-store'`.
 *
 * @packageDocumentation
 */
import { isCampaignSdkError, type UnsafeFileError } from './errors.js';
import { readPrivateFile, writePrivateFile } from './private-file.js';
import { isStoredToken } from './stores.js';
import type { StoredToken, TokenStore } from './types.js';

export { readPrivateFile, writePrivateFile } from './private-file.js';

/** Marks our files, so a foreign JSON file at the same path is recognised and not trusted. */
const FILE_KIND = 'campaign-standard-token-cache';
const FILE_VERSION = 1;

interface TokenFile {
  kind: typeof FILE_KIND;
  version: typeof FILE_VERSION;
  entries: Record<string, StoredToken>;
}

/** Options of {@link createFileTokenStore}. */
export interface FileTokenStoreOptions {
  /** The JSON file holding the tokens. Its directory is created (mode 0700) when missing. */
  path: string;
  /** The clock used to prune expired entries, `Date.now` by default. */
  now?: (() => number) | undefined;
  /**
   * Told, in one line, when the file cannot be used: it is skipped (not read, or not written)
   * rather than followed, blocked on or trusted; see {@link createFileTokenStore}. Each distinct
   * warning is reported once per store. By default `process.emitWarning`.
   */
  onWarning?: ((message: string) => void) | undefined;
}

/**
 * A {@link TokenStore} in one JSON file, for command-line tools and scripts: a token fetched by
 * one run is reused by the next, and by other processes using the same file.
 *
 * - The file is created with mode 0600 and its directory with 0700: tokens are secrets.
 * - Writes are atomic (a temporary file with an unpredictable name, created exclusively, then a
 *   rename), so a reader never sees half a file; with several writers the last one wins.
 * - A corrupt or foreign file is ignored, and replaced on the next write: never fatal.
 * - Expired entries are pruned on every write.
 * - The file is read and written with {@link readPrivateFile} and {@link writePrivateFile}: a
 *   symbolic link, a FIFO or other special file, a file of another user or one others can write
 *   is skipped with a warning (`get` answers `undefined`, never blocks); tokens are not written
 *   into a directory that others can write to or that belongs to someone else (`set` and `delete`
 *   reject with an {@link UnsafeFileError} after the warning, which a token cache ignores: the
 *   token is then kept in memory only).
 *
 * Node only (it uses `node:fs`); import it from `@campaign-standard/core/file-store`.
 */
export function createFileTokenStore(options: FileTokenStoreOptions): TokenStore {
  const { path } = options;
  const now = options.now ?? Date.now;
  const onWarning = options.onWarning ?? defaultWarning;
  const warned = new Set<string>();
  /** Reports why the file was not used, once per distinct reason. */
  const warn = (what: string, error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    const hint = isCampaignSdkError(error) && error.hint ? ` ${error.hint}` : '';
    const text = `${what}: ${message.replace(/[.\s]+$/, '')}.${hint}`.replace(/\s*\n\s*/g, ' ');
    if (warned.has(text)) return;
    warned.add(text);
    try {
      onWarning(text);
    } catch {
      // a failing warning sink must not break the store
    }
  };
  // Writes from this process are chained so that two of them never drop each other's entry.
  let queue: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<Record<string, StoredToken>> => {
    let text: string | undefined;
    try {
      text = await readPrivateFile(path);
    } catch (error) {
      warn('Token cache skipped', error);
      return Object.create(null);
    }
    if (text === undefined) return Object.create(null);
    try {
      const data = JSON.parse(text) as Partial<TokenFile> | null;
      if (data?.kind !== FILE_KIND || data.version !== FILE_VERSION) return Object.create(null);
      if (typeof data.entries !== 'object' || data.entries === null) return Object.create(null);
      const entries: Record<string, StoredToken> = Object.create(null);
      for (const [key, value] of Object.entries(data.entries)) if (isStoredToken(value)) entries[key] = value;
      return entries;
    } catch {
      return Object.create(null);
    }
  };

  const save = async (entries: Record<string, StoredToken>): Promise<void> => {
    const at = now();
    const kept: Record<string, StoredToken> = Object.create(null);
    for (const [key, value] of Object.entries(entries))
      if (value.accessToken.expiresOnTimestamp > at) kept[key] = value;
    const file: TokenFile = { kind: FILE_KIND, version: FILE_VERSION, entries: kept };
    try {
      await writePrivateFile(path, `${JSON.stringify(file, null, 2)}\n`);
    } catch (error) {
      warn('Tokens not cached', error);
      throw error;
    }
  };

  /** Applies `change` to the current file content and writes it back when `change` says it changed. */
  const update = (change: (entries: Record<string, StoredToken>) => boolean): Promise<void> => {
    const next = queue.then(async () => {
      const entries = await load();
      if (change(entries)) await save(entries);
    });
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    async get(key) {
      const entry = (await load())[key];
      if (!entry || entry.accessToken.expiresOnTimestamp <= now()) return undefined;
      return entry;
    },
    set(key, value) {
      return update((entries) => {
        entries[key] = value;
        return true;
      });
    },
    delete(key) {
      return update((entries) => {
        if (!(key in entries)) return false;
        delete entries[key];
        return true;
      });
    },
  };
}

function defaultWarning(message: string): void {
  process.emitWarning(message, { type: 'CampaignSdkWarning' });
}
