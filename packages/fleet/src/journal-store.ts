import {
  type JobDescription,
  type JournalEntry,
  JournalError,
  type JournalInflightEntry,
  JournalState,
  type JournalStore,
  type JournalWriter,
  type OpenedJournal,
} from '@campaign-standard/bulk';
import type { Redis } from 'ioredis';

/** The Redis keys of one fleet job. */
export interface JobKeys {
  /** Hash: the job's description, size and counters. */
  readonly job: string;
  /** Hash: one entry per row (by its row number in the whole input): `inflight`, `done` or `refused`. */
  readonly rows: string;
}

/** The keys of job `id` under `prefix`. */
export function jobKeys(prefix: string, id: string): JobKeys {
  return { job: `${prefix}:job:${id}`, rows: `${prefix}:job:${id}:rows` };
}

// Records a row's entry unless the row is finished already (a finished row never goes back), and
// counts a finished row once, in the same step: the counters can never disagree with the rows.
const RECORD_ENTRY = `
local previous = redis.call('HGET', KEYS[1], ARGV[1])
if previous and (string.find(previous, '"type":"done"', 1, true) or string.find(previous, '"type":"refused"', 1, true)) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] ~= '' then
  redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
  redis.call('HINCRBY', KEYS[2], 'finished', 1)
  if ARGV[4] == '1' then redis.call('HINCRBY', KEYS[2], 'reconciled', 1) end
end
return 1
`;

interface RecordingRedis extends Redis {
  acsRecordEntry(
    rows: string,
    job: string,
    row: string,
    entry: string,
    counter: string,
    reconciled: string,
  ): Promise<number>;
}

function withScript(redis: Redis): RecordingRedis {
  const recording = redis as RecordingRedis;
  if (typeof recording.acsRecordEntry !== 'function') {
    redis.defineCommand('acsRecordEntry', { numberOfKeys: 2, lua: RECORD_ENTRY });
  }
  return recording;
}

const DESCRIPTION_FIELDS = ['operation', 'resource', 'key', 'mode', 'service'] as const;

/**
 * The journal of one chunk of a fleet job, kept in Redis (a `JournalStore` for bulk's
 * engine): the rows of the chunk are named by their row number in the whole input, so whichever
 * worker runs the chunk, now or after a crash, reads what every earlier run recorded.
 */
export class RedisChunkJournal implements JournalStore {
  readonly name: string;
  readonly #redis: RecordingRedis;
  readonly #keys: JobKeys;
  /** The row numbers, in the whole input, of the chunk's rows, in order. */
  readonly #rows: readonly number[];

  constructor(redis: Redis, keys: JobKeys, rows: readonly number[]) {
    this.#redis = withScript(redis);
    this.#keys = keys;
    this.#rows = rows;
    this.name = `redis:${keys.rows}#${rows[0] ?? 0}`;
  }

  /** The row number in the whole input of the chunk's row `row` (1-based). */
  #global(row: number): number {
    const global = this.#rows[row - 1];
    if (global === undefined) throw new RangeError(`row ${row} is not in the chunk ${this.name}`);
    return global;
  }

  /** Reads what earlier runs recorded for the chunk's rows, after checking the job's description. */
  async open(job: JobDescription): Promise<OpenedJournal> {
    // The first run of any chunk writes the job's description; every other run must match it.
    const fields = DESCRIPTION_FIELDS.map((field) => `description.${field}`);
    const pipeline = this.#redis.pipeline();
    for (const [index, field] of DESCRIPTION_FIELDS.entries())
      pipeline.hsetnx(this.#keys.job, fields[index]!, String(job[field] ?? ''));
    await pipeline.exec();
    const stored = await this.#redis.hmget(this.#keys.job, ...fields);
    for (const [index, field] of DESCRIPTION_FIELDS.entries()) {
      const value = stored[index] ?? '';
      if (value !== String(job[field] ?? '')) {
        throw new JournalError(
          'job-mismatch',
          `The fleet job ${this.#keys.job} has ${field} "${value}", this chunk "${job[field] ?? ''}"`,
          this.name,
        );
      }
    }
    const state = new JournalState();
    const rows = this.#rows.map(String);
    const entries = rows.length === 0 ? [] : await this.#redis.hmget(this.#keys.rows, ...rows);
    let earlier = false;
    for (const [index, text] of entries.entries()) {
      if (!text) continue;
      earlier = true;
      const entry = JSON.parse(text) as JournalEntry & { row: number };
      state.apply({ ...entry, row: index + 1 } as JournalEntry);
    }
    // A chunk some run already touched resumes: its creates of unknown outcome are looked up first.
    if (earlier) state.apply({ type: 'run', at: new Date().toISOString(), pid: 0, resumed: true });
    const record = async (entry: JournalEntry): Promise<void> => {
      if (entry.type !== 'inflight' && entry.type !== 'done' && entry.type !== 'refused') return;
      const row = this.#global(entry.row);
      const counter = entry.type === 'inflight' ? '' : entry.type === 'refused' ? 'refused' : entry.outcome;
      const reconciled = entry.type === 'done' && entry.reconciled ? '1' : '0';
      await this.#redis.acsRecordEntry(
        this.#keys.rows,
        this.#keys.job,
        String(row),
        JSON.stringify({ ...entry, row }),
        counter,
        reconciled,
      );
    };
    const journal: JournalWriter = {
      append: record,
      beforeSend: (entry: JournalInflightEntry) => record(entry),
      close: () => undefined,
    };
    return { journal, state };
  }
}
