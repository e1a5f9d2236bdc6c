import {
  closeSync,
  createReadStream,
  existsSync,
  fdatasyncSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { createInterface } from 'node:readline';
import { JournalError } from './errors.js';
import type { RejectReason } from './rejects.js';

/** The journal format's version, the first line's `version`. */
export const JOURNAL_VERSION = 1;

/**
 * How hard the journal holds on to what it wrote:
 *
 * - `process` (default): every entry is written with one `write(2)` before the step it records
 *   goes on, so the kernel has it: a killed process (`kill -9`, a crash, the OOM killer) loses
 *   nothing it wrote. A power loss or a kernel crash may lose the last entries.
 * - `system`: also `fdatasync(2)` after each `inflight` entry, before its request is sent, and
 *   after every batch of other entries: nothing is lost on a power loss either, at the cost of
 *   one disk flush per create (see the package README for the measured cost).
 */
export type Durability = 'process' | 'system';

/** A file input, as a journal names it: a resume must read the same bytes the same way. */
export interface JournalFileInput {
  /** Always `file`. */
  kind: 'file';
  /** The file's absolute path when the job started. */
  path: string;
  /** Its size in bytes. */
  size: number;
  /** The SHA-256 of its content, hex. */
  sha256: string;
  /** The SHA-256 of the reading options (format, mapping, types), hex. */
  options: string;
}

/** An input that is not a file, named by the caller's job id. */
export interface JournalJobInput {
  /** Always `job`. */
  kind: 'job';
  /** The caller's `jobId`. */
  jobId: string;
}

/** What a job is, as written in its journal's first line; a resume must match it. */
export interface JobDescription {
  /** `import` or `subscribe`. */
  operation: 'import' | 'subscribe';
  /** The resource, as a path (`/profileAndServices/profile`). */
  resource: string;
  /** The business key field. */
  key: string;
  /** `upsert`, `create` or `update` (imports); `subscribe` (subscriptions). */
  mode: string;
  /** The service subscribed to (subscriptions). */
  service?: string | undefined;
  /** What the job reads: a file's identity, or the caller's job id. */
  input: JournalFileInput | JournalJobInput;
}

/** A run of the job started. */
export interface JournalRunEntry {
  /** Always `run`. */
  type: 'run';
  /** When (ISO 8601). */
  at: string;
  /** The process that ran it. */
  pid: number;
  /** Whether an earlier run wrote to this journal. */
  resumed: boolean;
}

/** A request that creates something is about to be sent for a row (written before it is sent). */
export interface JournalInflightEntry {
  /** Always `inflight`. */
  type: 'inflight';
  /** The row's position in the input (1-based). */
  row: number;
  /** The row's business key. */
  key: string;
  /** `create` (a record) or `subscribe` (a subscription). */
  op: 'create' | 'subscribe';
  /** When it was sent (ISO 8601); reconciliation waits `reconcileDelayMs` from then. */
  at: string;
}

/** A row is done. */
export interface JournalDoneEntry {
  /** Always `done`. */
  type: 'done';
  /** The row's position in the input (1-based). */
  row: number;
  /** The row's business key. */
  key: string;
  /** `created`, `updated`, `unchanged` or `subscribed`. */
  outcome: string;
  /** The record's `PKey`, when known. */
  pkey?: string | undefined;
  /** The record's (or subscription's) `href`, when known. */
  href?: string | undefined;
  /** `true` when a create of unknown outcome was found applied by a look-up. */
  reconciled?: boolean | undefined;
}

/** A row was refused; its line is in the rejects file. */
export interface JournalRefusedEntry {
  /** Always `refused`. */
  type: 'refused';
  /** The row's position in the input (1-based). */
  row: number;
  /** The row's business key. */
  key: string;
  /** Why (see {@link RejectReason}). */
  reason: string;
  /** The HTTP status, when Campaign answered. */
  status?: number | undefined;
  /** The SDK error code. */
  code?: string | undefined;
  /** Campaign's error code. */
  errorCode?: string | undefined;
}

/** A run stopped before the end. */
export interface JournalStopEntry {
  /** Always `stop`. */
  type: 'stop';
  /** When (ISO 8601). */
  at: string;
  /** `signal`, or the failure's message. */
  reason: string;
}

/** Every row is done or refused. */
export interface JournalEndEntry {
  /** Always `end`. */
  type: 'end';
  /** When (ISO 8601). */
  at: string;
  /** The counts of the last run. */
  summary: Record<string, number>;
}

/** One line of a journal after the first. */
export type JournalEntry =
  | JournalRunEntry
  | JournalInflightEntry
  | JournalDoneEntry
  | JournalRefusedEntry
  | JournalStopEntry
  | JournalEndEntry;

/** The first line of a journal. */
export interface JournalHeader {
  /** Always `job`. */
  type: 'job';
  /** The format's version ({@link JOURNAL_VERSION}). */
  version: number;
  /** When the job started (ISO 8601). */
  createdAt: string;
  /** What the job is. */
  job: JobDescription;
}

/** What a journal says about rows, read back for a resume. */
export class JournalState {
  /** Every row up to this one is finished (done or refused). */
  #watermark = 0;
  /** Finished rows above the watermark. */
  readonly #finished = new Set<number>();
  /** Rows with a create in flight and no outcome: when it was sent. */
  readonly #inflight = new Map<number, number>();
  /** Rows refused (their reject lines must be kept). */
  readonly #refused = new Set<number>();
  /** Whether the job reached its end. */
  ended = false;
  /** Runs before this one. */
  runs = 0;

  /** Records an entry. */
  apply(entry: JournalEntry): void {
    switch (entry.type) {
      case 'inflight':
        if (!this.isFinished(entry.row)) this.#inflight.set(entry.row, Date.parse(entry.at));
        break;
      case 'done':
      case 'refused':
        if (entry.type === 'refused') this.#refused.add(entry.row);
        this.#inflight.delete(entry.row);
        this.#finish(entry.row);
        break;
      case 'run':
        this.runs++;
        this.ended = false;
        break;
      case 'end':
        this.ended = true;
        break;
    }
  }

  #finish(row: number): void {
    if (row <= this.#watermark) return;
    this.#finished.add(row);
    while (this.#finished.delete(this.#watermark + 1)) this.#watermark++;
  }

  /** Whether the row is done or refused. */
  isFinished(row: number): boolean {
    return row <= this.#watermark || this.#finished.has(row);
  }

  /** When a create was sent for this row with no outcome recorded (epoch ms), if so. */
  inflightSince(row: number): number | undefined {
    return this.#inflight.get(row);
  }

  /** Rows refused so far. */
  get refused(): ReadonlySet<number> {
    return this.#refused;
  }

  /** Rows with a create of unknown outcome. */
  get inflightCount(): number {
    return this.#inflight.size;
  }
}

/**
 * Where a job writes its entries: the journal file, or a store of the caller's (see
 * {@link JournalStore}). `append` and `beforeSend` may return a promise: the job waits for it
 * before the step the entry records goes on (an `inflight` entry before its request is sent).
 */
export interface JournalWriter {
  /** Records an entry (for `inflight`, see {@link JournalWriter.beforeSend}). */
  append(entry: JournalEntry): void | Promise<void>;
  /** Records the `inflight` entry of a request about to be sent, before it leaves. */
  beforeSend(entry: JournalInflightEntry): void | Promise<void>;
  /** Flushes and lets the job go. */
  close(): void | Promise<void>;
}

/**
 * A journal kept somewhere else than a local file, e.g. in Redis for a fleet of workers
 * (`@campaign-standard/fleet`). Given as `journal`, it plays the file's part: `open` returns what
 * earlier runs recorded (a {@link JournalState} fed with their entries, `runs` counting them),
 * checked against `job`, and a writer for this run; the exactly-once rules are the same.
 */
export interface JournalStore {
  /** Names the store in results and messages (no secret). */
  readonly name: string;
  /** Opens the job's record for a run. */
  open(job: JobDescription, options: { resume: boolean }): Promise<OpenedJournal>;
}

/** What {@link JournalStore.open} returns. */
export interface OpenedJournal {
  /** Where this run writes its entries. */
  journal: JournalWriter;
  /** What earlier runs recorded. */
  state: JournalState;
}

function sameJob(a: JobDescription, b: JobDescription): string | undefined {
  for (const field of ['operation', 'resource', 'key', 'mode', 'service'] as const) {
    if ((a[field] ?? '') !== (b[field] ?? ''))
      return `${field} "${a[field] ?? ''}" (now "${b[field] ?? ''}")`;
  }
  return undefined;
}

function checkInput(path: string, was: JobDescription['input'], now: JobDescription['input']): void {
  const hint = 'Resume with the same input, or start a new job with another journal path.';
  if (was.kind !== now.kind) {
    throw new JournalError('input-mismatch', `The journal ${path} belongs to another input`, path, { hint });
  }
  if (was.kind === 'job' && now.kind === 'job' && was.jobId !== now.jobId) {
    throw new JournalError(
      'input-mismatch',
      `The journal ${path} belongs to job "${was.jobId}", not "${now.jobId}"`,
      path,
      {
        hint,
      },
    );
  }
  if (was.kind === 'file' && now.kind === 'file') {
    if (was.sha256 !== now.sha256 || was.size !== now.size) {
      throw new JournalError(
        'input-mismatch',
        `The journal ${path} was started with ${was.path} (${was.size} bytes), which is not this input: ${now.path} (${now.size} bytes) has other content`,
        path,
        { hint },
      );
    }
    if (was.options !== now.options) {
      throw new JournalError(
        'input-mismatch',
        `The journal ${path} was started with other reading options (format, column mapping or types)`,
        path,
        { hint: 'Resume with the same reading options.' },
      );
    }
  }
}

/** Reads a journal: its header, its entries applied to a state, and the length of its complete lines. */
async function readJournal(
  path: string,
): Promise<{ header: JournalHeader; state: JournalState; completeBytes: number }> {
  const state = new JournalState();
  let header: JournalHeader | undefined;
  let completeBytes = 0;
  let lineNumber = 0;
  let pendingError: JournalError | undefined;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const text of lines) {
    lineNumber++;
    // An unreadable line is only acceptable as the very last one (torn by a crash).
    if (pendingError) throw pendingError;
    let entry: unknown;
    try {
      entry = JSON.parse(text);
    } catch {
      pendingError = new JournalError(
        'corrupt',
        `Line ${lineNumber} of the journal ${path} is not JSON`,
        path,
        {
          hint: 'The journal was changed by hand or by another program; start a new job.',
        },
      );
      continue;
    }
    if (lineNumber === 1) {
      const candidate = entry as Partial<JournalHeader>;
      if (candidate?.type !== 'job' || candidate.version !== JOURNAL_VERSION || !candidate.job) {
        throw new JournalError(
          'corrupt',
          `${path} is not a journal of this version (its first line is not a job)`,
          path,
        );
      }
      header = candidate as JournalHeader;
    } else {
      state.apply(entry as JournalEntry);
    }
    completeBytes += Buffer.byteLength(text) + 1;
  }
  if (!header) throw new JournalError('corrupt', `The journal ${path} is empty`, path);
  return { header, state, completeBytes };
}

/** Options of {@link Journal.open}. */
export interface OpenJournalOptions {
  /** Continue an existing journal (else an existing journal is an error). */
  resume: boolean;
  /** See {@link Durability}. */
  durability: Durability;
}

/** Whether a process with this id is running (a lock left by a killed process is stale). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<journal>.lock` for this process: a second process running the same job at the same time
 * would send every row twice. A lock whose process is gone (killed) is taken over.
 */
function takeLock(path: string): string {
  const lock = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(lock, 'utf8'), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
        throw new JournalError('locked', `The job of ${path} is running in process ${holder}`, path, {
          hint: 'Wait for it to end or stop it; two runs of one job at once would send rows twice.',
        });
      }
      rmSync(lock, { force: true });
    }
  }
  throw new JournalError('locked', `Could not take the lock ${lock}`, path);
}

/** Entries between two flushes of the disk with `system` durability. */
const SYNC_BATCH = 256;

/**
 * An append-only NDJSON journal of a bulk job (see the README for the format). Entries are written
 * with one synchronous `write(2)` each: no entry waits in a buffer of this process.
 */
export class Journal implements JournalWriter {
  readonly path: string;
  readonly #fd: number;
  readonly #durability: Durability;
  #lock: string | undefined;
  #unsynced = 0;
  #closed = false;

  private constructor(path: string, fd: number, durability: Durability, lock: string) {
    this.path = path;
    this.#fd = fd;
    this.#durability = durability;
    this.#lock = lock;
  }

  /**
   * Opens the journal of `job`: a new one (refused when one exists and `resume` is false), or an
   * existing one checked against `job` and read back. A torn last line is cut off.
   */
  static async open(
    path: string,
    job: JobDescription,
    options: OpenJournalOptions,
  ): Promise<{ journal: Journal; state: JournalState }> {
    if (existsSync(path) && !options.resume) {
      throw new JournalError('exists', `A journal already exists at ${path}`, path, {
        hint: 'Resume the job (resume: true, acs --resume) or remove the journal to start again.',
      });
    }
    const lock = takeLock(path);
    try {
      return await Journal.#open(path, job, options, lock);
    } catch (error) {
      rmSync(lock, { force: true });
      throw error;
    }
  }

  static async #open(
    path: string,
    job: JobDescription,
    options: OpenJournalOptions,
    lock: string,
  ): Promise<{ journal: Journal; state: JournalState }> {
    const existing = existsSync(path) ? await readJournal(path) : undefined;
    if (existing) {
      const different = sameJob(existing.header.job, job);
      if (different) {
        throw new JournalError(
          'job-mismatch',
          `The journal ${path} belongs to another job: ${different}`,
          path,
          {
            hint: 'Resume with the same resource, key and mode, or use another journal path.',
          },
        );
      }
      checkInput(path, existing.header.job.input, job.input);
      const fd = openSync(path, 'a', 0o600);
      // Drop a torn last line (a crash in the middle of a write), so appends start on a new line.
      if (fstatSync(fd).size > existing.completeBytes) ftruncateSync(fd, existing.completeBytes);
      const journal = new Journal(path, fd, options.durability, lock);
      return { journal, state: existing.state };
    }
    const fd = openSync(path, 'ax', 0o600);
    const journal = new Journal(path, fd, options.durability, lock);
    const header: JournalHeader = {
      type: 'job',
      version: JOURNAL_VERSION,
      createdAt: new Date().toISOString(),
      job,
    };
    journal.#write(header);
    journal.sync();
    return { journal, state: new JournalState() };
  }

  #write(value: object): void {
    if (this.#closed) throw new Error(`The journal ${this.path} is closed`);
    const line = Buffer.from(`${JSON.stringify(value)}\n`);
    let offset = 0;
    // The file is opened with O_APPEND: every write goes to its end.
    while (offset < line.length) offset += writeSync(this.#fd, line, offset, line.length - offset);
  }

  /** Appends an entry (for `inflight`, see {@link Journal.beforeSend}). */
  append(entry: JournalEntry): void {
    this.#write(entry);
    if (this.#durability === 'system' && ++this.#unsynced >= SYNC_BATCH) this.sync();
  }

  /**
   * Appends the `inflight` entry of a request about to be sent: written before the request leaves,
   * and flushed to the disk first with `system` durability.
   */
  beforeSend(entry: JournalInflightEntry): void {
    this.#write(entry);
    if (this.#durability === 'system') this.sync();
  }

  /** Flushes the journal's data to the disk (`fdatasync`). */
  sync(): void {
    if (this.#closed) return;
    fdatasyncSync(this.#fd);
    this.#unsynced = 0;
  }

  /** Flushes, closes and lets the lock go. */
  close(): void {
    if (this.#closed) return;
    this.sync();
    closeSync(this.#fd);
    this.#closed = true;
    if (this.#lock) rmSync(this.#lock, { force: true });
    this.#lock = undefined;
  }
}
