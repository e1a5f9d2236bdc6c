import {
  closeSync,
  createReadStream,
  existsSync,
  fdatasyncSync,
  openSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { createInterface } from 'node:readline';
import { redact, redactValue } from '@campaign-standard/core';

/** Why a row was not imported. */
export type RejectReason =
  /** Campaign answered the row's request with an error about its data (4xx, or 500 with an RST/XTK text). */
  | 'refused'
  /** `mode: 'create'`: a record with this key exists already. */
  | 'exists'
  /** `mode: 'update'`, or a subscription: no record has this key. */
  | 'not-found'
  /** Several records have this key: which one to change is not known. */
  | 'ambiguous-key';

/** The error part of a line of the rejects file: the typed error's fields, redacted. */
export interface RejectError {
  /** Why the row was not imported. */
  reason: RejectReason;
  /** The error's class (`ApiError`, …), when Campaign refused. */
  name?: string | undefined;
  /** The SDK error code (`ERR_API`). */
  code?: string | undefined;
  /** HTTP status, when Campaign answered. */
  status?: number | undefined;
  /** Campaign's or the gateway's code (`RST-360011`, `XTK-170036`). */
  errorCode?: string | undefined;
  /** What went wrong, redacted. */
  message: string;
}

/** One line of the rejects file (NDJSON). */
export interface RejectEntry {
  /** The row's position in the input (1-based). */
  row: number;
  /** The line where the row starts in the input file, if read from one. */
  line?: number | undefined;
  /** The row's business key. */
  key: string;
  /** The row as read (after column mapping and types), redacted. */
  record: Record<string, unknown>;
  /** Why it was not imported. */
  error: RejectError;
}

/**
 * The rejects file: one NDJSON line per row that was not imported. Each line is written before
 * the journal records the refusal; on a resume, lines whose refusal the journal does not hold (a
 * crash between the two writes) are dropped, and the row is tried again: the file ends up with
 * exactly one line per refused row.
 */
export class RejectsFile {
  readonly path: string;
  readonly #fd: number;
  readonly #sync: boolean;

  private constructor(path: string, fd: number, sync: boolean) {
    this.path = path;
    this.#fd = fd;
    this.#sync = sync;
  }

  /** Opens the file: emptied for a new job, or cleaned up against the journal's refusals on a resume. */
  static async open(
    path: string,
    options: { resume: boolean; refused: ReadonlySet<number>; sync: boolean },
  ): Promise<RejectsFile> {
    if (options.resume) await keepConfirmed(path, options.refused);
    const fd = openSync(path, options.resume ? 'a' : 'w', 0o600);
    return new RejectsFile(path, fd, options.sync);
  }

  /** Appends a line (redacted). With `system` durability, flushed to the disk before returning. */
  write(entry: RejectEntry): void {
    const safe = redactValue(entry);
    safe.error = { ...safe.error, message: redact(safe.error.message) };
    const line = Buffer.from(`${JSON.stringify(safe)}\n`);
    let offset = 0;
    while (offset < line.length) offset += writeSync(this.#fd, line, offset, line.length - offset);
    if (this.#sync) fdatasyncSync(this.#fd);
  }

  /** Flushes and closes. */
  close(): void {
    fdatasyncSync(this.#fd);
    closeSync(this.#fd);
  }
}

/** Rewrites the file with only the lines of rows the journal holds as refused, once each. */
async function keepConfirmed(path: string, refused: ReadonlySet<number>): Promise<void> {
  if (!existsSync(path)) return;
  const temporary = `${path}.${process.pid}.tmp`;
  const kept = new Set<number>();
  const out = openSync(temporary, 'w', 0o600);
  try {
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const text of lines) {
      let row: unknown;
      try {
        row = (JSON.parse(text) as { row?: unknown }).row;
      } catch {
        continue; // a line torn by a crash
      }
      if (typeof row !== 'number' || !refused.has(row) || kept.has(row)) continue;
      kept.add(row);
      writeSync(out, `${text}\n`);
    }
    fdatasyncSync(out);
  } finally {
    closeSync(out);
  }
  renameSync(temporary, path);
}
