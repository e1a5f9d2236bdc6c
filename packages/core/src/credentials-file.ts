import { ConfigurationError } from './errors.js';

interface FsLike {
  readFileSync(path: string, encoding: 'utf8'): string;
}

interface ProcessLike {
  getBuiltinModule?: (id: string) => unknown;
}

/** Where a file path came from, for the error when it cannot be read. */
export interface ReadTextFileOptions {
  /** The setting that named the file, as the user wrote it, e.g. `ACS_CREDENTIALS_FILE`. */
  field: string;
  /** Where that setting was read, e.g. `environment`. */
  source: string;
  /** What to pass instead on a runtime without a file system, e.g. `the JSON content`. */
  alternative: string;
}

/**
 * Reads a UTF-8 text file where the runtime has a file system (Node >= 20.16, Deno, Bun), without
 * a static `node:` import so that core still loads on edge runtimes. Throws a
 * {@link ConfigurationError} naming the setting when the file is missing or unreadable, or when
 * the runtime cannot read files at all.
 */
export function readTextFile(path: string, options: ReadTextFileOptions): string {
  const proc = (globalThis as { process?: ProcessLike }).process;
  const fs =
    typeof proc?.getBuiltinModule === 'function' ? (proc.getBuiltinModule('node:fs') as FsLike) : undefined;
  if (!fs) {
    throw new ConfigurationError(
      [
        {
          field: options.field,
          problem: `names a file ("${path}") but this runtime cannot read files: pass ${options.alternative} instead of a path`,
        },
      ],
      options.source,
    );
  }
  try {
    return fs.readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'is not readable (permission denied)'
          : code === 'EISDIR'
            ? 'is a directory, not a file'
            : `cannot be read (${typeof code === 'string' ? code : 'unknown error'})`;
    const problem = options.field === path ? reason : `names "${path}", which ${reason}`;
    throw new ConfigurationError([{ field: options.field, problem }], options.source);
  }
}
