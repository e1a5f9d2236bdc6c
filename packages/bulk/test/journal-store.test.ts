// A journal kept elsewhere than a file (JournalStore), as @campaign-standard/fleet keeps it in
// Redis: its asynchronous writes are awaited (an `inflight` entry is stored before its POST
// leaves), and a second run reads what the first stored.
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fromRecords,
  importRecords,
  type JobDescription,
  type JournalEntry,
  JournalState,
  type JournalStore,
} from '../src/index.js';
import { emulatorClient } from './helpers.js';

/** A store in memory whose writes take a while, as a network store's do. */
function slowStore(emulator: Emulator) {
  const entries: JournalEntry[] = [];
  /** For each `inflight` entry: the POSTs the emulator had seen when the entry was stored. */
  const postsWhenStored: number[] = [];
  const jobs: JobDescription[] = [];
  const store: JournalStore = {
    name: 'memory',
    async open(job) {
      jobs.push(job);
      const state = new JournalState();
      for (const entry of entries) state.apply(entry);
      if (entries.length > 0)
        state.apply({ type: 'run', at: new Date().toISOString(), pid: 0, resumed: true });
      const write = async (entry: JournalEntry) => {
        await new Promise((resolve) => setTimeout(resolve, 15));
        if (entry.type === 'inflight') postsWhenStored.push(emulator.stats.apiRequests({ method: 'POST' }));
        entries.push(entry);
      };
      return { state, journal: { append: write, beforeSend: write, close: () => undefined } };
    },
  };
  return { store, entries, postsWhenStored, jobs };
}

describe('a JournalStore', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator({ profiles: 3 });
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it('gets each inflight entry stored before its POST leaves, and a second run skips what the first stored', async () => {
    const { store, entries, postsWhenStored, jobs } = slowStore(emulator);
    const records = Array.from({ length: 12 }, (_, i) => ({ email: `s${i}@store.test`, lastName: `S${i}` }));
    emulator.stats.reset();
    const first = await importRecords({
      client: emulatorClient(emulator),
      resource: 'profile',
      key: 'email',
      source: fromRecords(records),
      journal: store,
      jobId: 'store-test',
      concurrency: 4,
    });
    expect(first.status).toBe('completed');
    expect(first.counts.created).toBe(12);
    expect(first.journal).toBe('memory');
    expect(jobs[0]).toMatchObject({
      operation: 'import',
      key: 'email',
      mode: 'upsert',
      input: { kind: 'job', jobId: 'store-test' },
    });
    // the k-th inflight entry was stored while at most k - 1 POSTs had reached the emulator
    expect(postsWhenStored).toHaveLength(12);
    postsWhenStored.forEach((posts, k) => {
      expect(posts).toBeLessThanOrEqual(k);
    });
    expect(entries.filter((entry) => entry.type === 'done')).toHaveLength(12);

    emulator.stats.reset();
    const second = await importRecords({
      client: emulatorClient(emulator),
      resource: 'profile',
      key: 'email',
      source: fromRecords(records),
      journal: store,
      jobId: 'store-test',
      resume: true,
    });
    expect(second.status).toBe('completed');
    expect(second.counts.skipped).toBe(12);
    expect(emulator.stats.apiRequests()).toBe(0);
  });

  it('refuses a journal option that is an object without open', async () => {
    await expect(
      importRecords({
        client: emulatorClient(emulator),
        resource: 'profile',
        key: 'email',
        source: fromRecords([{ email: 'x@store.test' }]),
        journal: {} as unknown as JournalStore,
        jobId: 'bad',
      }),
    ).rejects.toMatchObject({ code: 'ERR_CONFIGURATION' });
  });
});
