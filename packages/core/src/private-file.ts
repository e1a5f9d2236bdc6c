/**
 * Reading and writing files that hold secrets (a token cache, a configuration) without being
 * redirected by what others planted: Node only, exported from `@campaign-standard/core/file-store`.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { type FileHandle, lstat, mkdir, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UnsafeFileError, type UnsafeFileReason } from './errors.js';

/** Owner and permission checks only mean something where files have POSIX owners and modes. */
const POSIX = process.platform !== 'win32';
/** Not defined on Windows, where the `lstat` checks stand alone. */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/** Opening a FIFO for reading without a writer blocks; with O_NONBLOCK it returns at once. */
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
const GROUP_OR_OTHER_WRITE = 0o022;
const STICKY = 0o1000;

function currentUid(): number | undefined {
  return POSIX && typeof process.getuid === 'function' ? process.getuid() : undefined;
}

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** "a FIFO", "a directory", …: what a path is when it is not a regular file. */
function kindOf(info: Stats): string {
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'a special file';
}

function unsafe(
  operation: 'read' | 'write',
  file: string,
  path: string,
  reason: UnsafeFileReason,
  problem: string,
  hint: string,
): UnsafeFileError {
  return new UnsafeFileError(
    `Refusing to ${operation} ${file}: ${problem}`,
    { file, path, reason },
    { hint },
  );
}

/** Refuses `info` (of `file` itself) unless it is a regular file of ours that only we can write. */
function checkFile(operation: 'read' | 'write', file: string, info: Stats): void {
  if (info.isSymbolicLink())
    throw unsafe(
      operation,
      file,
      file,
      'symlink',
      'it is a symbolic link, which is not followed',
      `Remove the link (\`rm ${file}\`) so that a regular file is written in its place.`,
    );
  if (!info.isFile())
    throw unsafe(
      operation,
      file,
      file,
      'not-regular-file',
      `it is ${kindOf(info)}, not a regular file`,
      `Remove it (\`rm ${file}\`) so that a regular file is written in its place.`,
    );
  const uid = currentUid();
  if (uid === undefined || operation === 'write') return;
  if (info.uid !== uid && info.uid !== 0)
    throw unsafe(
      operation,
      file,
      file,
      'foreign-owner',
      `it is owned by uid ${info.uid}, not by you (uid ${uid})`,
      `Remove it (\`rm ${file}\`), or take it over (\`chown ${uid} ${file}\`) if you trust its content.`,
    );
  if (info.mode & GROUP_OR_OTHER_WRITE)
    throw unsafe(
      operation,
      file,
      file,
      'writable-by-others',
      `it is writable by other users (mode ${octal(info.mode)})`,
      `Run \`chmod 600 ${file}\` if you trust its content, or remove it.`,
    );
}

/**
 * Refuses to keep a file in `dir` unless only we (or root) can change what `dir` holds: `dir`
 * must be ours (or root's) and writable by nobody else, and every directory above it, along the
 * path as given and along the path with links resolved, must be ours or root's and writable by
 * nobody else unless it has the sticky bit (as `/tmp` does). The rules of OpenSSH's StrictModes,
 * with the sticky-bit allowance for the parents.
 */
async function checkDirectory(file: string, dir: string): Promise<void> {
  const uid = currentUid();
  const own = await stat(dir);
  if (!own.isDirectory())
    throw unsafe(
      'write',
      file,
      dir,
      'not-directory',
      `${dir} is not a directory`,
      `Remove or rename ${dir}.`,
    );
  if (uid === undefined) return;
  if (own.uid !== uid && own.uid !== 0)
    throw unsafe(
      'write',
      file,
      dir,
      'foreign-owner',
      `its directory ${dir} is owned by uid ${own.uid}, not by you (uid ${uid}), who could read or replace it`,
      `Keep the file in a directory of your own, or take this one over (\`chown ${uid} ${dir}\`) if it is yours.`,
    );
  if (own.mode & GROUP_OR_OTHER_WRITE)
    throw unsafe(
      'write',
      file,
      dir,
      'writable-by-others',
      `its directory ${dir} is writable by other users (mode ${octal(own.mode)}), who could replace it`,
      `Run \`chmod 700 ${dir}\`, or keep the file in a directory only you can write to.`,
    );

  const seen = new Set<string>([`${own.dev}:${own.ino}`]);
  const parents = (start: string): string[] => {
    const list: string[] = [];
    for (let current = dirname(start); ; current = dirname(current)) {
      list.push(current);
      if (dirname(current) === current) return list;
    }
  };
  for (const parent of [...parents(resolve(dir)), ...parents(await realpath(dir))]) {
    const info = await stat(parent);
    const id = `${info.dev}:${info.ino}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (info.uid !== uid && info.uid !== 0)
      throw unsafe(
        'write',
        file,
        parent,
        'foreign-owner',
        `${parent}, above its directory, is owned by uid ${info.uid}, not by you (uid ${uid}) or root, who could replace what it holds`,
        `Keep the file under directories that only you or root own.`,
      );
    if (info.mode & GROUP_OR_OTHER_WRITE && !(info.mode & STICKY))
      throw unsafe(
        'write',
        file,
        parent,
        'writable-by-others',
        `${parent}, above its directory, is writable by other users (mode ${octal(info.mode)}), who could replace what it holds`,
        `Run \`chmod go-w ${parent}\`, or keep the file under directories only you can write to.`,
      );
  }
}

/**
 * Reads a private file (UTF-8) that this program wrote, or `undefined` when it does not exist.
 *
 * The path is checked with `lstat` and opened with `O_NOFOLLOW | O_NONBLOCK`, then checked again
 * on the open handle: a symbolic link is never followed and a FIFO never blocks the read. On
 * POSIX systems the file must also belong to the current user (or root) and be writable by
 * nobody else, since anyone who can write it decides what is read.
 *
 * @param path - the file to read.
 * @returns the content, or `undefined` when there is no file at `path`.
 * @throws {@link UnsafeFileError} when the path is a symbolic link, not a regular file (a FIFO,
 *   socket, device or directory), owned by another user or writable by others; the `node:fs`
 *   error for other failures (permission denied, I/O error).
 */
export async function readPrivateFile(path: string): Promise<string | undefined> {
  let before: Stats;
  try {
    before = await lstat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  checkFile('read', path, before);

  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    // swapped for a link (ELOOP; EMLINK on BSD) or a socket (ENXIO) after the lstat
    const now = await lstat(path).catch(() => undefined);
    if (now) checkFile('read', path, now);
    throw error;
  }
  try {
    const info = await handle.stat();
    checkFile('read', path, info);
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Writes a private file atomically, readable and writable by its owner only (mode 0600).
 *
 * - The directory is created when missing (mode 0700). It must belong to the current user (or
 *   root) and be writable by nobody else, and so must every directory above it unless it has the
 *   sticky bit, as OpenSSH requires of `~/.ssh`: elsewhere another user could swap the file.
 * - An existing symbolic link or special file at `path` is refused, not replaced or followed.
 * - The content goes to a new temporary file with an unpredictable name in the same directory,
 *   created with `O_CREAT | O_EXCL | O_NOFOLLOW` and mode 0600 (so nothing planted at that name
 *   is ever written through), synced, then renamed over `path`: a reader never sees half a file.
 *
 * The checks apply on POSIX systems; on Windows only links and special files are refused.
 *
 * @param path - the file to write.
 * @param text - its new content.
 * @throws {@link UnsafeFileError} when the file or a directory fails a check (the `hint` says how
 *   to fix it, e.g. `chmod 700 <dir>`); the `node:fs` error for other failures.
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await checkDirectory(path, dir);
  try {
    checkFile('write', path, await lstat(path));
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }

  const temporary = `${path}.${randomBytes(16).toString('hex')}.tmp`;
  let created = false;
  try {
    const handle = await open(
      temporary,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW,
      0o600,
    );
    created = true;
    try {
      // the mode given to open() is reduced by the umask, never widened; make it exact anyway
      await handle.chmod(0o600);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    if (created) await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
