import { setMaxListeners } from 'node:events';
import type { ApiResult, CampaignClient, Method, QueryParams } from '@campaign-standard/client';
import {
  AbortedError,
  ConfigurationError,
  computeBackoff,
  isCampaignSdkError,
  loadTelemetry,
  METRIC_NAMES,
  redact,
  sdkMetrics,
  startSdkSpan,
} from '@campaign-standard/core';
import { classifyFailure, throttleOf } from './classify.js';
import { JournalError } from './errors.js';
import {
  type Durability,
  type JobDescription,
  Journal,
  type JournalState,
  type JournalStore,
  type JournalWriter,
} from './journal.js';
import { type Clock, RateController, type RateSignal, systemClock } from './rate.js';
import { fromRecords, isRecordSource, type RecordSource, type SourceRow } from './read/source.js';
import { type RejectError, RejectsFile } from './rejects.js';

/** Options shared by {@link importRecords} and {@link subscribeRecords}. */
export interface BulkJobOptions {
  /** The client to send requests with. Tip: `retry: { statusCodes: [503, 504] }` lets the job see every 429 and slow down. */
  client: CampaignClient;
  /**
   * The records: a reader ({@link readCsv}, {@link readNdjson}, {@link readJsonArray},
   * {@link openRecords}) or any (async) iterable of objects.
   */
  source: RecordSource | Iterable<object> | AsyncIterable<object>;
  /**
   * The journal's path, or `false` for none (no resume). Defaults to `<input file>.journal.ndjson`
   * for a file; required (or `false`) for other sources. A {@link JournalStore} keeps the journal
   * elsewhere (e.g. Redis, for a fleet of workers).
   */
  journal?: string | false | JournalStore;
  /**
   * The rejects file's path, or `false` for none. Defaults to `<input file>.rejects.ndjson` for a
   * file; for other sources, no rejects file unless given.
   */
  rejects?: string | false;
  /**
   * Continue the job of an existing journal: rows already done or refused are skipped, creates of
   * unknown outcome are looked up before anything is sent again. Without a journal, starts afresh.
   * @defaultValue false
   */
  resume?: boolean;
  /** The job's identity when the source is not a file (a journal is tied to it). */
  jobId?: string;
  /**
   * Stops the job gracefully: no new row starts, requests already sent finish and are recorded,
   * the journal is flushed, and the result says `stopped` and how to resume.
   */
  signal?: AbortSignal;
  /**
   * The most requests in flight.
   * @defaultValue 16
   */
  concurrency?: number;
  /**
   * Requests in flight at the start; grows while answers are good, halves on 429/503.
   * @defaultValue 4
   */
  initialConcurrency?: number;
  /** The most requests per second, evenly spaced. No limit by default. */
  maxRate?: number;
  /**
   * Read and check the input, look every key up, and count what would be created, updated or left
   * unchanged, without writing anything: no POST or PATCH, no journal, no rejects file.
   * @defaultValue false
   */
  dryRun?: boolean;
  /**
   * Read a file input whole once before sending anything, so a malformed file is refused before
   * any write (`InputError` naming the line).
   * @defaultValue true
   */
  validate?: boolean;
  /** See {@link Durability}. @defaultValue 'process' */
  durability?: Durability;
  /**
   * How long, after a create whose outcome is unknown was sent, to wait before looking its key up
   * (a request Campaign is still processing could land after an early look-up). Applies to
   * `OutcomeUnknownError` during a run and to `inflight` rows of a journal on resume.
   * @defaultValue 30_000
   */
  reconcileDelayMs?: number;
  /**
   * Attempts of one request that fails transiently (network, 5xx, timeouts, 429) before the job
   * stops as `failed` (resumable).
   * @defaultValue 8
   */
  maxAttempts?: number;
  /** Called with progress events (synchronously: keep it quick). */
  onProgress?: (event: BulkProgressEvent) => void;
}

/** Counters of a bulk job, for this run. */
export interface BulkCounts {
  /** Rows read from the input. */
  read: number;
  /** Rows already done or refused in an earlier run (from the journal). */
  skipped: number;
  /** Records created (reconciled ones included). */
  created: number;
  /** Records changed by a PATCH. */
  updated: number;
  /** Rows whose record already held every value: no write. */
  unchanged: number;
  /** Subscriptions created. */
  subscribed: number;
  /** Rows refused (in the rejects file). */
  refused: number;
  /** Creates of unknown outcome found applied by a look-up, so not sent again. */
  reconciled: number;
  /** HTTP requests sent by the job (the client's own retries not counted). */
  requests: number;
  /** Answers asking to slow down (429, 503). */
  throttled: number;
}

/** How a row ended. */
export type RowOutcome = 'created' | 'updated' | 'unchanged' | 'subscribed' | 'refused';

/** Events of {@link BulkJobOptions.onProgress}. */
export type BulkProgressEvent =
  | {
      /** The first pass read the whole input: it is well formed. */
      type: 'validated';
      /** Rows in the input. */
      rows: number;
    }
  | {
      /** Requests start. */
      type: 'started';
      /** Whether this run continues a journal. */
      resumed: boolean;
      /** Creates of unknown outcome the journal holds, to be looked up first. */
      toReconcile: number;
    }
  | {
      /** A row is finished. */
      type: 'row';
      /** Its position in the input. */
      row: number;
      /** Its line in the input file, if any. */
      line: number | undefined;
      /** Its business key. */
      key: string;
      /** What happened (in a dry run: what would). */
      outcome: RowOutcome;
      /** For `refused`: why. */
      error?: RejectError | undefined;
      /** The counters after this row. */
      counts: BulkCounts;
    }
  | {
      /** Campaign asked to slow down. */
      type: 'throttled';
      /** 429 or 503. */
      status: number;
      /** The pause asked for, if any. */
      retryAfterMs: number | undefined;
      /** Requests allowed in flight from now on. */
      concurrency: number;
    }
  | {
      /** A request failed transiently and is tried again. */
      type: 'retry';
      /** The row. */
      row: number;
      /** The attempt that failed (1-based). */
      attempt: number;
      /** The wait before the next one. */
      delayMs: number;
      /** The failure, redacted. */
      message: string;
    }
  | {
      /** The job is stopping: in-flight requests finish. */
      type: 'stopping';
      /** `signal` (the caller's) or `failure`. */
      reason: 'signal' | 'failure';
    };

/** The result of a bulk job. */
export interface BulkResult {
  /** `completed`: every row is done or refused; `stopped`: by the signal; `failed`: see `error`. */
  status: 'completed' | 'stopped' | 'failed';
  /** Whether this was a dry run (the counts say what would have happened). */
  dryRun: boolean;
  /** What this run did. */
  counts: BulkCounts;
  /** How long this run took. */
  durationMs: number;
  /** The journal's path, if any. */
  journal: string | undefined;
  /** The rejects file's path, if any. */
  rejects: string | undefined;
  /** Why the job failed. */
  error?: Error | undefined;
  /** For a stopped or failed job with a journal: how to continue it. */
  resumeHint?: string | undefined;
}

/** What a row processor decides. */
export type RowDecision =
  | {
      kind: 'done';
      outcome: Exclude<RowOutcome, 'refused'>;
      pkey?: string | undefined;
      href?: string | undefined;
      reconciled?: boolean;
    }
  | { kind: 'refused'; error: RejectError };

/** What a row processor may do. */
export interface RowContext {
  /** The row. */
  readonly row: SourceRow;
  /** Its business key's value. */
  readonly key: string;
  /** When a create for this row was sent in an earlier run with no outcome recorded (epoch ms). */
  readonly inflightSince: number | undefined;
  /** Whether this is a dry run (no POST/PATCH may be sent). */
  readonly dryRun: boolean;
  /** An idempotent request (GET, PATCH), tried again on transient failures; refusals are returned. */
  idempotent<T>(
    method: Method,
    pathOrHref: string,
    options?: { body?: unknown; query?: QueryParams },
  ): Promise<ApiResult<T>>;
  /**
   * A POST that creates something: the journal's `inflight` entry is written right before it is
   * sent. Never sent twice by this call: an unknown outcome is reported for the caller to reconcile.
   */
  create<T>(op: 'create' | 'subscribe', pathOrHref: string, body: unknown): Promise<CreateResult<T>>;
  /** Waits until an epoch time (reconciliation delays); stops with the job. */
  waitUntil(epochMs: number): Promise<void>;
  /** Waits before another attempt (backoff), reporting it. */
  backoff(attempt: number, error: unknown, retryAfterMs?: number): Promise<void>;
  /** The most attempts of one request. */
  readonly maxAttempts: number;
  /** See {@link BulkJobOptions.reconcileDelayMs}. */
  readonly reconcileDelayMs: number;
}

/** What came of a create. */
export type CreateResult<T> =
  | { kind: 'created'; data: T }
  | { kind: 'refused'; error: Error }
  /** Not applied (429, or not sent at all): may be sent again. */
  | { kind: 'retry'; error: Error; retryAfterMs: number | undefined }
  /** May or may not have been applied: look the key up (after `reconcileDelayMs` from `sentAt`). */
  | { kind: 'unknown'; error: Error; sentAt: number };

/** Thrown inside a row when the job stops: the row is left for a resume. */
class Abandoned extends Error {}

/** Everything the engine needs from importRecords or subscribeRecords. */
export interface JobSpec {
  /** For messages: `importRecords`, `subscribeRecords`. */
  where: string;
  /** What goes in the journal's first line (without `input`). */
  description: Omit<JobDescription, 'input'>;
  /** The key field, dotted. */
  keyPath: readonly string[];
  /** Decides a row. */
  process(context: RowContext): Promise<RowDecision>;
}

/** Internal knobs (tests). */
export interface EngineInternals {
  clock?: Clock;
  rate?: RateController;
}

function emptyCounts(): BulkCounts {
  return {
    read: 0,
    skipped: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    subscribed: 0,
    refused: 0,
    reconciled: 0,
    requests: 0,
    throttled: 0,
  };
}

/**
 * A record's business key as text: the value at `path` (a field name split on dots), or `''` when
 * it is missing or null. Rows with the same key are worked on one after the other.
 */
export function keyOf(record: Record<string, unknown>, path: readonly string[]): string {
  let current: unknown = record;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return '';
    current = (current as Record<string, unknown>)[segment];
  }
  return current === undefined || current === null ? '' : String(current);
}

/** A short, redacted description of an error for events and rejects. */
export function describeError(error: unknown): {
  name: string;
  code?: string;
  status?: number;
  errorCode?: string;
  message: string;
} {
  const e = error as {
    name?: unknown;
    code?: unknown;
    status?: unknown;
    errorCode?: unknown;
    message?: unknown;
  };
  const out: { name: string; code?: string; status?: number; errorCode?: string; message: string } = {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    message: redact(typeof e?.message === 'string' ? e.message : String(error)),
  };
  if (typeof e?.code === 'string') out.code = e.code;
  if (typeof e?.status === 'number') out.status = e.status;
  if (typeof e?.errorCode === 'string') out.errorCode = e.errorCode;
  return out;
}

/** A rejection built from an error Campaign answered. */
export function refusedBy(error: unknown): RejectError {
  return { reason: 'refused', ...describeError(error) };
}

/** Runs a bulk job: the first pass, the journal, the rows (concurrently, one at a time per key), the result. */
export async function runJob(
  spec: JobSpec,
  options: BulkJobOptions,
  internals: EngineInternals = {},
): Promise<BulkResult> {
  // The job in a span (OpenTelemetry, when present): its calls' spans are its children.
  await loadTelemetry();
  const span = startSdkSpan(`campaign.bulk ${spec.where}`, 'internal', {
    'campaign.bulk.operation': spec.where,
  });
  if (!span) return runUntraced(spec, options, internals);
  try {
    const result = await span.run(() => runUntraced(spec, options, internals));
    const attributes: Record<string, string | number> = { 'campaign.bulk.status': result.status };
    for (const [state, count] of Object.entries(result.counts))
      attributes[`campaign.bulk.rows.${state}`] = count;
    span.set(attributes);
    if (result.error) span.fail(result.error);
    return result;
  } catch (error) {
    span.fail(error);
    throw error;
  } finally {
    span.end();
  }
}

/** The attribute sets of `campaign.bulk.rows`, built once per operation and state (a row is counted in a hot loop). */
const rowAttributes = new Map<string, Readonly<Record<string, string>>>();

/** Counts a row in `campaign.bulk.rows`, by the state it ended in. */
function countRow(where: string, state: string): void {
  const metrics = sdkMetrics();
  if (!metrics) return;
  const key = `${where}\n${state}`;
  let attributes = rowAttributes.get(key);
  if (!attributes) {
    attributes = Object.freeze({ 'campaign.bulk.operation': where, 'campaign.bulk.row.state': state });
    rowAttributes.set(key, attributes);
  }
  metrics.tally(METRIC_NAMES.bulkRows, attributes);
}

async function runUntraced(
  spec: JobSpec,
  options: BulkJobOptions,
  internals: EngineInternals,
): Promise<BulkResult> {
  const started = Date.now();
  const clock = internals.clock ?? systemClock;
  const { client } = options;
  const dryRun = options.dryRun ?? false;
  const counts = emptyCounts();
  const emit = (event: BulkProgressEvent) => options.onProgress?.(event);
  const source: RecordSource = isRecordSource(options.source)
    ? options.source
    : fromRecords(options.source as Iterable<object>);
  const maxAttempts = options.maxAttempts ?? 8;
  const reconcileDelayMs = options.reconcileDelayMs ?? 30_000;
  const keyField = spec.keyPath.join('.');
  const require = [keyField];

  const issues: Array<{ field: string; problem: string }> = [];
  if (!client || typeof client.request !== 'function')
    issues.push({ field: 'client', problem: 'must be a CampaignClient (createCampaignClient)' });
  const store =
    typeof options.journal === 'object' && options.journal !== null && !dryRun ? options.journal : undefined;
  if (
    typeof options.journal === 'object' &&
    (options.journal === null || typeof options.journal.open !== 'function')
  )
    issues.push({ field: 'journal', problem: 'must be a path, false, or a JournalStore (with open)' });
  const journalPath =
    options.journal === false || dryRun
      ? undefined
      : store
        ? store.name
        : typeof options.journal === 'string'
          ? options.journal
          : source.path
            ? `${source.path}.journal.ndjson`
            : undefined;
  if (options.journal === undefined && !source.path && !dryRun)
    issues.push({ field: 'journal', problem: 'must be a path (or false) when the source is not a file' });
  const rejectsPath =
    options.rejects === false || dryRun
      ? undefined
      : (options.rejects ?? (source.path ? `${source.path}.rejects.ndjson` : undefined));
  for (const [field, value, min] of [
    ['concurrency', options.concurrency, 1],
    ['initialConcurrency', options.initialConcurrency, 1],
    ['maxAttempts', options.maxAttempts, 1],
  ] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= min))
      issues.push({ field, problem: `must be a whole number, ${min} or more` });
  }
  if (options.maxRate !== undefined && !(typeof options.maxRate === 'number' && options.maxRate > 0))
    issues.push({ field: 'maxRate', problem: 'must be a positive number of requests per second' });
  if (issues.length > 0) throw new ConfigurationError(issues, spec.where);

  const rate =
    internals.rate ??
    new RateController({
      initialConcurrency: Math.min(options.initialConcurrency ?? 4, options.concurrency ?? 16),
      maxConcurrency: options.concurrency ?? 16,
      maxRate: options.maxRate,
      clock,
    });

  // The first pass: the whole input is read and checked before anything is written.
  if ((options.validate ?? true) && source.rereadable) {
    let rows = 0;
    for await (const _ of source.rows({ require })) {
      rows++;
      if (options.signal?.aborted) break;
    }
    if (options.signal?.aborted) {
      return {
        status: 'stopped',
        dryRun,
        counts,
        durationMs: Date.now() - started,
        journal: journalPath,
        rejects: rejectsPath,
      };
    }
    emit({ type: 'validated', rows });
  }

  // The journal, tied to the input.
  let journal: JournalWriter | undefined;
  let state: JournalState | undefined;
  let rejects: RejectsFile | undefined;
  const durability = options.durability ?? 'process';
  if (journalPath) {
    const identity = await source.identity();
    let input: JobDescription['input'];
    if (identity) input = { kind: 'file', ...identity };
    else if (options.jobId) input = { kind: 'job', jobId: options.jobId };
    else {
      throw new JournalError(
        'no-identity',
        `The records of ${source.name} have no identity to tie the journal ${journalPath} to`,
        journalPath,
        {
          hint: 'Give jobId (any name that stays the same across resumes), or journal: false.',
        },
      );
    }
    ({ journal, state } = store
      ? await store.open({ ...spec.description, input }, { resume: options.resume ?? false })
      : await Journal.open(
          journalPath,
          { ...spec.description, input },
          {
            resume: options.resume ?? false,
            durability,
          },
        ));
  }
  try {
    if (rejectsPath) {
      rejects = await RejectsFile.open(rejectsPath, {
        resume: (options.resume ?? false) && state !== undefined && state.runs > 0,
        refused: state?.refused ?? new Set(),
        sync: durability === 'system',
      });
    }
    const resumed = (state?.runs ?? 0) > 0;
    await journal?.append({ type: 'run', at: new Date().toISOString(), pid: process.pid, resumed });
    emit({ type: 'started', resumed, toReconcile: state?.inflightCount ?? 0 });

    // Stopping: the caller's signal, or a failure.
    const internal = new AbortController();
    const stop = options.signal ? AbortSignal.any([options.signal, internal.signal]) : internal.signal;
    // Every waiting request and delay listens to it: hundreds at once is expected, not a leak.
    setMaxListeners(0, stop);
    let fatal: unknown;
    let stopReported = false;
    const reportStop = (reason: 'signal' | 'failure') => {
      if (stopReported) return;
      stopReported = true;
      emit({ type: 'stopping', reason });
    };
    const onStop = () => reportStop(fatal === undefined ? 'signal' : 'failure');
    stop.addEventListener('abort', onStop, { once: true });

    const judge = (outcome: { value?: unknown; error?: unknown }): RateSignal => {
      const failure = outcome.error ?? (outcome.value as ApiResult<unknown> | undefined)?.error;
      if (failure === undefined) return { kind: 'ok' };
      const throttle = throttleOf(failure);
      if (throttle) {
        counts.throttled++;
        // Reported after the controller applied it (release runs after judge).
        queueMicrotask(() =>
          emit({
            type: 'throttled',
            status: throttle.status,
            retryAfterMs: throttle.retryAfterMs,
            concurrency: rate.state.concurrency,
          }),
        );
        return { kind: 'throttled', retryAfterMs: throttle.retryAfterMs };
      }
      const kind = classifyFailure(failure);
      return kind === 'refused' ? { kind: 'ok' } : { kind: 'failed' };
    };

    const send = async <T>(
      method: Method,
      pathOrHref: string,
      init: { body?: unknown; query?: QueryParams },
      beforeSend?: () => void | Promise<void>,
    ): Promise<ApiResult<T>> => {
      try {
        return await rate.run(
          async () => {
            if (stop.aborted) throw new Abandoned();
            await beforeSend?.();
            counts.requests++;
            return client.request<T>(method, pathOrHref, init);
          },
          judge,
          stop,
        );
      } catch (error) {
        if (stop.aborted && (error instanceof Abandoned || isCampaignSdkError(error, 'ERR_ABORTED')))
          throw new Abandoned();
        throw error;
      }
    };

    const sleep = async (ms: number) => {
      if (ms <= 0) return;
      try {
        await clock.sleep(ms, stop);
      } catch {
        throw new Abandoned();
      }
    };

    const contextFor = (row: SourceRow, key: string): RowContext => ({
      row,
      key,
      inflightSince: state?.inflightSince(row.ordinal),
      dryRun,
      maxAttempts,
      reconcileDelayMs,
      waitUntil: (epochMs) => sleep(epochMs - Date.now()),
      async backoff(attempt, error, retryAfterMs) {
        const delayMs = computeBackoff(
          attempt - 1,
          { initialDelayMs: 200, maxDelayMs: 10_000 },
          retryAfterMs,
        );
        emit({ type: 'retry', row: row.ordinal, attempt, delayMs, message: describeError(error).message });
        await sleep(delayMs);
      },
      async idempotent<T>(
        method: Method,
        pathOrHref: string,
        init: { body?: unknown; query?: QueryParams } = {},
      ) {
        for (let attempt = 1; ; attempt++) {
          let failure: unknown;
          let retryAfterMs: number | undefined;
          try {
            const result = await send<T>(method, pathOrHref, init);
            if (!result.error) return result;
            const kind = classifyFailure(result.error);
            if (kind === 'refused') return result;
            if (kind === 'fatal') throw result.error;
            failure = result.error;
            retryAfterMs = (result.error as { retryAfterMs?: number }).retryAfterMs;
          } catch (error) {
            if (error instanceof Abandoned) throw error;
            const kind = classifyFailure(error);
            if (kind !== 'transient' && kind !== 'throttled') throw error;
            failure = error;
          }
          if (attempt >= maxAttempts) throw failure;
          await this.backoff(attempt, failure, retryAfterMs);
        }
      },
      async create<T>(
        op: 'create' | 'subscribe',
        pathOrHref: string,
        body: unknown,
      ): Promise<CreateResult<T>> {
        let sentAt = Date.now();
        const inflight = async () => {
          sentAt = Date.now();
          await journal?.beforeSend({
            type: 'inflight',
            row: row.ordinal,
            key,
            op,
            at: new Date(sentAt).toISOString(),
          });
        };
        try {
          const result = await send<T>('POST', pathOrHref, { body }, inflight);
          if (!result.error) return { kind: 'created', data: result.data };
          const kind = classifyFailure(result.error);
          if (kind === 'refused') return { kind: 'refused', error: result.error };
          // A 429 answers that the request was refused, not applied: sending it again is safe.
          // The client reports it as an ApiError with status 429 (it resends no POST by itself).
          if (kind === 'throttled') {
            return {
              kind: 'retry',
              error: result.error,
              retryAfterMs: (result.error as { retryAfterMs?: number }).retryAfterMs,
            };
          }
          if (kind === 'fatal') throw result.error;
          // A 500 without Campaign's code (or another server failure) to a POST: applied or not,
          // nobody knows. (502/503/504 arrive as OutcomeUnknownError from the client.)
          return { kind: 'unknown', error: result.error, sentAt };
        } catch (error) {
          if (error instanceof Abandoned) throw error;
          const kind = classifyFailure(error);
          if (kind === 'unknown-outcome') return { kind: 'unknown', error: error as Error, sentAt };
          // A network failure before the request left (connection refused): not applied.
          if (kind === 'transient' && isCampaignSdkError(error, 'ERR_NETWORK'))
            return { kind: 'retry', error: error as Error, retryAfterMs: undefined };
          if (kind === 'transient') return { kind: 'unknown', error: error as Error, sentAt };
          throw error;
        }
      },
    });

    // One row at a time per key: two rows with the same key must not both miss the look-up and
    // both create a record.
    const keyQueues = new Map<string, Promise<void>>();
    const processRow = async (row: SourceRow): Promise<void> => {
      const key = keyOf(row.record, spec.keyPath);
      const before = keyQueues.get(key);
      let release!: () => void;
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      keyQueues.set(key, mine);
      try {
        if (before) await before;
        if (stop.aborted) return;
        const decision = await spec.process(contextFor(row, key));
        if (decision.kind === 'done') {
          await journal?.append({
            type: 'done',
            row: row.ordinal,
            key,
            outcome: decision.outcome,
            pkey: decision.pkey,
            href: decision.href,
            reconciled: decision.reconciled || undefined,
          });
          counts[decision.outcome]++;
          countRow(spec.where, decision.outcome);
          if (decision.reconciled) counts.reconciled++;
          emit({
            type: 'row',
            row: row.ordinal,
            line: row.line,
            key,
            outcome: decision.outcome,
            counts: { ...counts },
          });
        } else {
          // The rejects line first: a resume drops a line the journal does not confirm.
          rejects?.write({
            row: row.ordinal,
            line: row.line,
            key,
            record: row.record,
            error: decision.error,
          });
          await journal?.append({
            type: 'refused',
            row: row.ordinal,
            key,
            reason: decision.error.reason,
            status: decision.error.status,
            code: decision.error.code,
            errorCode: decision.error.errorCode,
          });
          counts.refused++;
          countRow(spec.where, 'refused');
          emit({
            type: 'row',
            row: row.ordinal,
            line: row.line,
            key,
            outcome: 'refused',
            error: decision.error,
            counts: { ...counts },
          });
        }
      } catch (error) {
        if (!(error instanceof Abandoned)) {
          if (fatal === undefined) fatal = error;
          internal.abort(new AbortedError('The job stopped after a failure'));
        }
      } finally {
        release();
        if (keyQueues.get(key) === mine) keyQueues.delete(key);
      }
    };

    const window = Math.max(8, (options.concurrency ?? 16) * 4);
    const active = new Set<Promise<void>>();
    try {
      for await (const row of source.rows({ require })) {
        if (stop.aborted) break;
        counts.read++;
        if (state?.isFinished(row.ordinal)) {
          counts.skipped++;
          countRow(spec.where, 'skipped');
          continue;
        }
        while (active.size >= window) await Promise.race(active);
        if (stop.aborted) break;
        const task: Promise<void> = processRow(row).finally(() => active.delete(task));
        active.add(task);
      }
    } catch (error) {
      // The input broke during the run (a source read once, or a file changed since the first pass).
      if (fatal === undefined) fatal = error;
      internal.abort(new AbortedError('The job stopped after a failure'));
    }
    await Promise.all(active);
    stop.removeEventListener('abort', onStop);

    const status: BulkResult['status'] =
      fatal !== undefined ? 'failed' : stop.aborted ? 'stopped' : 'completed';
    if (status === 'completed') {
      await journal?.append({ type: 'end', at: new Date().toISOString(), summary: { ...counts } });
    } else {
      await journal?.append({
        type: 'stop',
        at: new Date().toISOString(),
        reason: status === 'failed' ? describeError(fatal).message : 'signal',
      });
    }
    const result: BulkResult = {
      status,
      dryRun,
      counts,
      durationMs: Date.now() - started,
      journal: journalPath,
      rejects: rejectsPath,
    };
    if (fatal !== undefined) result.error = fatal instanceof Error ? fatal : new Error(String(fatal));
    if (status !== 'completed' && journalPath) {
      result.resumeHint = `Run the same job again with resume: true (acs: --resume); the journal ${journalPath} holds what is done.`;
    }
    return result;
  } finally {
    await journal?.close();
    rejects?.close();
  }
}
