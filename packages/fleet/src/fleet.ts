import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BulkCounts,
  type BulkKey,
  type BulkProgressEvent,
  type BulkResource,
  collectionOf,
  fromRecords,
  type ImportMode,
  importRecords,
  keyOf,
  type RecordSource,
} from '@campaign-standard/bulk';
import type { CampaignClient } from '@campaign-standard/client';
import { ConfigurationError, type ConfigurationIssue, redact, registerSecret } from '@campaign-standard/core';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { jobKeys, RedisChunkJournal } from './journal-store.js';
import { passwordOf } from './rate-budget.js';

/** Options of {@link createFleet}. */
export interface FleetOptions {
  /**
   * The Redis the fleet shares: a `redis://` or `rediss://` URL. The fleet opens its own
   * connections (BullMQ's queue and workers, and one for the job state) and closes them in `close()`.
   */
  redis: string;
  /**
   * The BullMQ queue's name.
   * @defaultValue 'campaign-standard-bulk'
   */
  queueName?: string;
  /**
   * Prefix of every key the fleet writes (BullMQ's keys included).
   * @defaultValue 'campaign-standard:fleet'
   */
  prefix?: string;
}

/** Options of {@link Fleet.enqueueImport}. */
export interface EnqueueImportOptions {
  /** What to write, as for bulk's `importRecords`. */
  resource: BulkResource;
  /** The business key, as for bulk's `importRecords`. */
  key: BulkKey;
  /** @defaultValue 'upsert' */
  mode?: ImportMode;
  /**
   * The records: a bulk reader (`readCsv`, `readNdjson`, `openRecords`, …) or any (async) iterable
   * of objects. Read whole (and checked: a malformed input enqueues nothing) before any chunk is
   * queued; the records travel in the chunks' job data, never any credential.
   */
  source: RecordSource | Iterable<object> | AsyncIterable<object>;
  /**
   * Rows per chunk (one BullMQ job).
   * @defaultValue 200
   */
  chunkSize?: number;
  /** The job's id (letters, digits, `_`, `-`, `.`); a new UUID by default. */
  jobId?: string;
}

/** Options of {@link Fleet.enqueueExport}. */
export interface EnqueueExportOptions {
  /** What to read: a resource as for bulk (`'profile'`, …), or `{ path }` (a collection path or filter of the instance). */
  resource:
    | BulkResource
    | {
        /** A collection path or filter of the instance, e.g. `/profileAndServices/profile/byText`. */
        path: string;
      };
  /** Query parameters of the list (a filter's parameters). */
  query?: Record<string, string | number | boolean>;
  /**
   * Records per page (`_lineCount`).
   * @defaultValue 100
   */
  pageSize?: number;
  /** The job's id (letters, digits, `_`, `-`, `.`); a new UUID by default. */
  jobId?: string;
}

/** A fleet job as {@link Fleet.enqueueImport} or {@link Fleet.enqueueExport} queued it. */
export interface EnqueuedJob {
  /** The job's id. */
  jobId: string;
  /** Rows read from the source. */
  rows: number;
  /** Chunks queued. */
  chunks: number;
}

/** Progress of a fleet job, from Redis. */
export interface FleetJobStatus {
  /** The job's id. */
  jobId: string;
  /** `import` or `export`. */
  operation: string;
  /** `queued` (no row finished), `running`, or `completed` (every row done or refused). */
  state: 'queued' | 'running' | 'completed';
  /** Rows in the job (an export: records read so far). */
  rows: number;
  /** Chunks in the job. */
  chunks: number;
  /** Rows done or refused. */
  finished: number;
  /** Rows created (reconciled ones included). */
  created: number;
  /** Rows changed by a PATCH. */
  updated: number;
  /** Rows whose record held every value already. */
  unchanged: number;
  /** Rows Campaign refused (or `exists`, `not-found`, `ambiguous-key`). */
  refused: number;
  /** Creates of unknown outcome found applied by a look-up. */
  reconciled: number;
  /** Chunks being worked on now. */
  activeChunks: number;
  /** Chunks waiting for a worker (retries included). */
  waitingChunks: number;
  /** Chunks that failed for good (out of attempts). */
  failedChunks: number;
  /** Requests the finished chunks sent. */
  requests: number;
  /** Rows finished per second since the job was queued. */
  rowsPerSecond: number;
  /** When the job was queued (ISO 8601). */
  createdAt: string;
}

/** Options of {@link Fleet.work}. */
export interface FleetWorkerOptions {
  /**
   * The client this worker sends with: its own credentials (tokens shared through
   * `@campaign-standard/token-store-redis`), and the fleet's rate budget
   * (`createRateBudget(...).clientOptions()`). Create it with
   * `retry: { statusCodes: [503, 504] }` so that 429s reach the job's rate controller.
   */
  client: CampaignClient;
  /**
   * Chunks this process works on at once.
   * @defaultValue 1
   */
  concurrency?: number;
  /**
   * Requests in flight per chunk (bulk's `concurrency`).
   * @defaultValue 16
   */
  rowConcurrency?: number;
  /**
   * Bulk's `reconcileDelayMs`: how long after a create of unknown outcome (a crash, a lost answer)
   * to wait before looking its key up.
   * @defaultValue 30_000
   */
  reconcileDelayMs?: number;
  /**
   * How long a chunk stays this worker's without a lock renewal (BullMQ's `lockDuration`): a
   * worker killed mid-chunk gives its chunk back after about this long.
   * @defaultValue 30_000
   */
  lockDurationMs?: number;
  /**
   * How often the worker looks for chunks of dead workers (BullMQ's `stalledInterval`).
   * @defaultValue 30_000
   */
  stalledIntervalMs?: number;
  /** Called with each chunk's bulk progress events. */
  onProgress?: (event: BulkProgressEvent & { jobId: string; chunk: number }) => void;
}

/** A worker process's part of the fleet: see {@link Fleet.work}. */
export interface FleetWorker {
  /** BullMQ's worker, for its events (`completed`, `failed`, `error`, …). */
  readonly worker: Worker;
  /** Chunks this process finished. */
  readonly chunksDone: number;
  /** Stops taking chunks, lets the running ones finish (or stop gracefully), and disconnects. */
  close(): Promise<void>;
}

/**
 * Bulk work spread over any number of processes and machines through BullMQ on one Redis. Created
 * by {@link createFleet}.
 */
export interface Fleet {
  /** BullMQ's queue. */
  readonly queue: Queue;
  /**
   * Reads and checks the source, then queues it as chunks of `chunkSize` rows (one BullMQ job
   * each). Any worker of the fleet takes them; each row is applied exactly once, whoever works on
   * its chunk and however often a chunk is taken again after a crash.
   *
   * @throws InputError (bulk) for a malformed input: nothing is queued.
   * @throws ConfigurationError for invalid options or a job id already used.
   */
  enqueueImport(options: EnqueueImportOptions): Promise<EnqueuedJob>;
  /**
   * Queues an export: one BullMQ job that reads the list page by page. Each page's records are
   * stored in Redis together with the next page's href, in one step that only applies when the
   * stored href is still the one the page was read from: a worker killed mid-export loses nothing,
   * the next one reads on from there, and each record is stored once. Read them with
   * {@link Fleet.readExport}.
   *
   * @throws ConfigurationError for invalid options or a job id already used.
   */
  enqueueExport(options: EnqueueExportOptions): Promise<EnqueuedJob>;
  /** The records an export stored, in list order (read from Redis a thousand at a time). */
  readExport(jobId: string): AsyncIterable<Record<string, unknown>>;
  /**
   * Works on chunks in this process until closed.
   */
  work(options: FleetWorkerOptions): FleetWorker;
  /** The progress of one job, or `undefined` if there is no such job. */
  status(jobId: string): Promise<FleetJobStatus | undefined>;
  /** The progress of every job, newest first. */
  jobs(): Promise<FleetJobStatus[]>;
  /**
   * Resolves with the job's status once every row is done or refused (polling Redis every
   * `intervalMs`); rejects with the signal's reason as soon as `signal` aborts, mid-wait included.
   */
  waitFor(jobId: string, options?: { intervalMs?: number; signal?: AbortSignal }): Promise<FleetJobStatus>;
  /** Closes the fleet's own connections (not the workers': close those first). */
  close(): Promise<void>;
}

interface ChunkData {
  job: string;
  chunk: number;
  /** The row numbers of `records` in the whole input. */
  rows: number[];
  resource: BulkResource;
  key: BulkKey;
  mode: ImportMode;
  records: Record<string, unknown>[];
}

/** The data of an export's BullMQ job: the job's id (the list and progress are in Redis). */
interface ExportData {
  job: string;
  export: true;
}

type QueueData = ChunkData | ExportData;

// Stores a page of an export and the next page's href, only when the stored href is still the one
// the page was read from (a second worker on the same export cannot store a page twice).
const STORE_PAGE = `
if redis.call('HGET', KEYS[1], 'next') ~= ARGV[1] then return 0 end
for i = 3, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
redis.call('HSET', KEYS[1], 'next', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'pages', 1)
redis.call('HINCRBY', KEYS[1], 'finished', #ARGV - 2)
redis.call('HINCRBY', KEYS[1], 'rows', #ARGV - 2)
return 1
`;

interface PageStoringRedis extends Redis {
  acsStorePage(job: string, records: string, from: string, next: string, ...items: string[]): Promise<number>;
}

const JOB_ID = /^[A-Za-z0-9_.-]{1,100}$/;

/** BullMQ options of every chunk: retried with backoff, and kept when done so status can count it. */
const CHUNK_JOB_OPTIONS = {
  attempts: 50,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: false,
  removeOnFail: false,
} as const;

function isRecordSource(value: unknown): value is RecordSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RecordSource).rows === 'function' &&
    typeof (value as RecordSource).identity === 'function'
  );
}

function keyField(key: BulkKey): string {
  return typeof key === 'string' ? key : key?.field;
}

const int = (value: string | undefined): number => (value ? Number.parseInt(value, 10) || 0 : 0);

function describe(error: unknown): string {
  return redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}

/**
 * Creates a fleet on one Redis: {@link Fleet.enqueueImport} splits an import into BullMQ jobs of
 * a few hundred rows, {@link Fleet.work} takes them in any number of processes. The rows' journal
 * lives in Redis (an entry written before each create is sent, the outcome after), so a worker
 * killed mid-chunk loses nothing: BullMQ gives its chunk to another worker once its lock expires,
 * which skips the finished rows and looks up the creates whose outcome was not recorded before
 * sending anything again, by business key, with bulk's own engine.
 *
 * @example
 * ```ts
 * const fleet = createFleet({ redis: process.env.REDIS_URL! });
 * const { jobId } = await fleet.enqueueImport({ resource: 'profile', key: 'email', source: readCsv('people.csv') });
 * // in each worker process:
 * const worker = fleet.work({ client });
 * ```
 */
export function createFleet(options: FleetOptions): Fleet {
  const issues: ConfigurationIssue[] = [];
  if (typeof options?.redis !== 'string' || !/^rediss?:\/\//.test(options.redis))
    issues.push({ field: 'redis', problem: 'must be a redis:// or rediss:// URL' });
  if (options?.queueName !== undefined && !/^[A-Za-z0-9_.-]+$/.test(options.queueName))
    issues.push({ field: 'queueName', problem: 'must be letters, digits, _, - or .' });
  if (issues.length > 0) throw new ConfigurationError(issues, 'createFleet options');
  const password = passwordOf(options.redis);
  if (password) registerSecret(password);
  const prefix = options.prefix ?? 'campaign-standard:fleet';
  const queueName = options.queueName ?? 'campaign-standard-bulk';
  const connect = () => {
    const redis = new Redis(options.redis, { maxRetriesPerRequest: null });
    // Reconnecting is ioredis' work; errors meanwhile are not the caller's to handle.
    redis.on('error', () => undefined);
    return redis;
  };
  const state = connect();
  // BullMQ leaves the connections it is given open: they are closed here.
  const queueConnection = connect();
  const queue = new Queue<QueueData>(queueName, { connection: queueConnection, prefix });
  queue.on('error', () => undefined);
  const jobsKey = `${prefix}:jobs`;

  const status = async (jobId: string): Promise<FleetJobStatus | undefined> => {
    const keys = jobKeys(prefix, jobId);
    const fields = await state.hgetall(keys.job);
    if (!fields['operation']) return undefined;
    const chunkIds = Array.from({ length: int(fields['chunks']) }, (_, i) => `${jobId}-${i}`);
    let activeChunks = 0;
    let waitingChunks = 0;
    let failedChunks = 0;
    // One round of requests to Redis, not one round trip per chunk.
    for (const chunkState of await Promise.all(chunkIds.map((id) => queue.getJobState(id)))) {
      if (chunkState === 'active') activeChunks++;
      else if (chunkState === 'waiting' || chunkState === 'delayed' || chunkState === 'prioritized')
        waitingChunks++;
      else if (chunkState === 'failed') failedChunks++;
    }
    const rows = int(fields['rows']);
    const finished = int(fields['finished']);
    const complete = fields['operation'] === 'export' ? fields['done'] === '1' : finished >= rows;
    const createdAt = fields['createdAt'] ?? new Date(0).toISOString();
    const seconds = Math.max(0.001, (Date.now() - Date.parse(createdAt)) / 1000);
    return {
      jobId,
      operation: fields['operation'] ?? 'import',
      state: complete ? 'completed' : finished > 0 || activeChunks > 0 ? 'running' : 'queued',
      rows,
      chunks: int(fields['chunks']),
      finished,
      created: int(fields['created']),
      updated: int(fields['updated']),
      unchanged: int(fields['unchanged']),
      refused: int(fields['refused']),
      reconciled: int(fields['reconciled']),
      activeChunks,
      waitingChunks,
      failedChunks,
      requests: int(fields['requests']),
      rowsPerSecond:
        complete && fields['finishedAt']
          ? finished / Math.max(0.001, (Date.parse(fields['finishedAt']) - Date.parse(createdAt)) / 1000)
          : finished / seconds,
      createdAt,
    };
  };

  return {
    queue,

    async enqueueImport(input) {
      const problems: ConfigurationIssue[] = [];
      const jobId = input?.jobId ?? randomUUID();
      if (!JOB_ID.test(jobId))
        problems.push({ field: 'jobId', problem: 'must be 1 to 100 letters, digits, _, - or .' });
      const chunkSize = input?.chunkSize ?? 200;
      if (!(Number.isInteger(chunkSize) && chunkSize >= 1))
        problems.push({ field: 'chunkSize', problem: 'must be a whole number, 1 or more' });
      const field = keyField(input?.key);
      if (typeof field !== 'string' || field === '')
        problems.push({ field: 'key', problem: 'must name a field' });
      if (input?.resource === undefined) problems.push({ field: 'resource', problem: 'is required' });
      if (problems.length > 0) throw new ConfigurationError(problems, 'enqueueImport options');
      const keys = jobKeys(prefix, jobId);
      if (await state.exists(keys.job)) {
        throw new ConfigurationError(
          [{ field: 'jobId', problem: `"${jobId}" is a job already` }],
          'enqueueImport options',
        );
      }
      const source = isRecordSource(input.source)
        ? input.source
        : fromRecords(input.source as Iterable<object>);
      // Read whole and checked first: a malformed input queues nothing. Rows with the same key go
      // to the chunk of the key's first row, in input order: two workers never race to create one
      // key, and the last row of a key still wins.
      const planned: Array<{ rows: number[]; records: Record<string, unknown>[] }> = [];
      const chunkOfKey = new Map<string, number>();
      let total = 0;
      const path = field.split('.');
      for await (const row of source.rows({ require: [field] })) {
        total++;
        const value = keyOf(row.record, path);
        let chunk = chunkOfKey.get(value);
        if (chunk === undefined) {
          const last = planned.length - 1;
          chunk =
            last >= 0 && planned[last]!.rows.length < chunkSize
              ? last
              : planned.push({ rows: [], records: [] }) - 1;
          chunkOfKey.set(value, chunk);
        }
        planned[chunk]!.rows.push(row.ordinal);
        planned[chunk]!.records.push(row.record);
      }
      const chunks = planned.length;
      const mode = input.mode ?? 'upsert';
      await state
        .multi()
        .hset(keys.job, {
          operation: 'import',
          rows: total,
          chunks,
          createdAt: new Date().toISOString(),
          source: source.name,
        })
        .zadd(jobsKey, Date.now(), jobId)
        .exec();
      const batch = [];
      for (const [chunk, part] of planned.entries()) {
        batch.push({
          name: 'import',
          data: {
            job: jobId,
            chunk,
            rows: part.rows,
            resource: input.resource,
            key: input.key,
            mode,
            records: part.records,
          },
          opts: {
            jobId: `${jobId}-${chunk}`,
            ...CHUNK_JOB_OPTIONS,
          },
        });
        if (batch.length >= 100) await queue.addBulk(batch.splice(0));
      }
      if (batch.length > 0) await queue.addBulk(batch);
      return { jobId, rows: total, chunks };
    },

    async enqueueExport(input) {
      const problems: ConfigurationIssue[] = [];
      const jobId = input?.jobId ?? randomUUID();
      if (!JOB_ID.test(jobId))
        problems.push({ field: 'jobId', problem: 'must be 1 to 100 letters, digits, _, - or .' });
      const pageSize = input?.pageSize ?? 100;
      if (!(Number.isInteger(pageSize) && pageSize >= 1))
        problems.push({ field: 'pageSize', problem: 'must be a whole number, 1 or more' });
      if (problems.length > 0) throw new ConfigurationError(problems, 'enqueueExport options');
      const resource = input.resource;
      const path =
        typeof resource === 'object' && resource !== null && 'path' in resource
          ? resource.path
          : collectionOf(resource, 'enqueueExport');
      const keys = jobKeys(prefix, jobId);
      if (await state.exists(keys.job)) {
        throw new ConfigurationError(
          [{ field: 'jobId', problem: `"${jobId}" is a job already` }],
          'enqueueExport options',
        );
      }
      const query = { ...input.query, _lineCount: pageSize };
      const start = `${path}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}`;
      await state
        .multi()
        .hset(keys.job, {
          operation: 'export',
          rows: 0,
          chunks: 1,
          next: start,
          createdAt: new Date().toISOString(),
        })
        .zadd(jobsKey, Date.now(), jobId)
        .exec();
      await queue.add(
        'export',
        { job: jobId, export: true },
        {
          jobId: `${jobId}-0`,
          ...CHUNK_JOB_OPTIONS,
        },
      );
      return { jobId, rows: 0, chunks: 1 };
    },

    async *readExport(jobId) {
      const list = `${jobKeys(prefix, jobId).job}:records`;
      for (let at = 0; ; at += 1000) {
        const items = await state.lrange(list, at, at + 999);
        for (const item of items) yield JSON.parse(item) as Record<string, unknown>;
        if (items.length < 1000) return;
      }
    },

    work(workerOptions) {
      const journalRedis = connect();
      let chunksDone = 0;
      const pages = journalRedis as PageStoringRedis;
      pages.defineCommand('acsStorePage', { numberOfKeys: 2, lua: STORE_PAGE });
      const runExport = async (id: string, signal?: AbortSignal) => {
        const keys = jobKeys(prefix, id);
        const fields = await journalRedis.hgetall(keys.job);
        let from = fields['next'] ?? '';
        if (fields['done'] !== '1' && from !== '') {
          // Read on from the stored href: pages stored by an earlier run are not read again.
          for await (const page of workerOptions.client
            .list<Record<string, unknown>>(from, { signal })
            .pages()) {
            const next = page.nextHref ?? '';
            const stored = await pages.acsStorePage(
              keys.job,
              `${keys.job}:records`,
              from,
              next,
              ...page.items.map((item) => JSON.stringify(item)),
            );
            if (stored === 0) throw new Error(`export ${id}: another worker stored this page first`);
            from = next;
            if (next === '') break;
          }
        }
        await journalRedis.hset(keys.job, 'done', '1');
        await journalRedis.hsetnx(keys.job, 'finishedAt', new Date().toISOString());
        chunksDone++;
        return { records: int((await journalRedis.hget(keys.job, 'rows')) ?? undefined) };
      };
      const processor = async (job: Job<QueueData>, _token?: string, signal?: AbortSignal) => {
        if ('export' in job.data) return runExport(job.data.job, signal);
        const data = job.data;
        const keys = jobKeys(prefix, data.job);
        const store = new RedisChunkJournal(journalRedis, keys, data.rows);
        const result = await importRecords({
          client: workerOptions.client,
          resource: data.resource,
          key: data.key,
          mode: data.mode,
          source: fromRecords(data.records, { name: `${data.job} chunk ${data.chunk}` }),
          journal: store,
          jobId: data.job,
          resume: true,
          rejects: false,
          concurrency: workerOptions.rowConcurrency ?? 16,
          reconcileDelayMs: workerOptions.reconcileDelayMs,
          signal,
          onProgress: workerOptions.onProgress
            ? (event) => workerOptions.onProgress?.({ ...event, jobId: data.job, chunk: data.chunk })
            : undefined,
        });
        if (result.status !== 'completed') {
          // Left for a retry (this worker or another): the journal in Redis holds what is done.
          throw new Error(
            `chunk ${data.chunk} of ${data.job} ${result.status}${result.error ? `: ${describe(result.error)}` : ''}`,
          );
        }
        await journalRedis.hincrby(keys.job, 'requests', result.counts.requests);
        const fields = await journalRedis.hmget(keys.job, 'rows', 'finished');
        if (int(fields[1] ?? undefined) >= int(fields[0] ?? undefined))
          await journalRedis.hsetnx(keys.job, 'finishedAt', new Date().toISOString());
        chunksDone++;
        return counts(result.counts);
      };
      const workerConnection = connect();
      const worker = new Worker<QueueData>(queueName, processor, {
        connection: workerConnection,
        prefix,
        concurrency: workerOptions.concurrency ?? 1,
        lockDuration: workerOptions.lockDurationMs ?? 30_000,
        stalledInterval: workerOptions.stalledIntervalMs ?? 30_000,
        maxStalledCount: 100,
      });
      worker.on('error', () => undefined);
      // A chunk whose lock could not be renewed may be given to another worker: stop it here.
      worker.on('lockRenewalFailed', (ids: string[]) => {
        for (const id of ids) worker.cancelJob(id, 'lock lost');
      });
      return {
        worker,
        get chunksDone() {
          return chunksDone;
        },
        async close() {
          await worker.close();
          journalRedis.disconnect();
          workerConnection.disconnect();
        },
      };
    },

    status,

    async jobs() {
      const ids = await state.zrevrange(jobsKey, 0, -1);
      const all = await Promise.all(ids.map((id) => status(id)));
      return all.filter((item): item is FleetJobStatus => item !== undefined);
    },

    async waitFor(jobId, waitOptions = {}) {
      const intervalMs = waitOptions.intervalMs ?? 500;
      for (;;) {
        waitOptions.signal?.throwIfAborted();
        const now = await status(jobId);
        if (!now) throw new ConfigurationError([{ field: 'jobId', problem: `no job "${jobId}"` }], 'waitFor');
        if (now.state === 'completed') return now;
        try {
          await sleep(intervalMs, undefined, { signal: waitOptions.signal });
        } catch (error) {
          // the signal's own reason, as before the wait, rather than the timer's AbortError
          waitOptions.signal?.throwIfAborted();
          throw error;
        }
      }
    },

    async close() {
      await queue.close();
      queueConnection.disconnect();
      state.disconnect();
    },
  };
}

function counts(value: BulkCounts): Record<string, number> {
  return { ...value };
}
