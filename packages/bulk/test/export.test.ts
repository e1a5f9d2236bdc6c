import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Emulator, emulatorEnvironment, startEmulator } from '@campaign-standard/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointError, exportRecords } from '../src/index.js';
import { emulatorClient, readNdjsonFile, rejection, tempDir } from './helpers.js';
import { jobEnvironment, runJobProcess, seededRandom } from './processes.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/** The records of an export output, whatever its format. */
function recordsOf(path: string, format: 'ndjson' | 'json'): Array<Record<string, unknown>> {
  if (format === 'ndjson') return readNdjsonFile(path);
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  expect(Array.isArray(parsed)).toBe(true);
  return parsed as Array<Record<string, unknown>>;
}

function expectEachOnce(records: Array<Record<string, unknown>>, count: number): void {
  const keys = records.map((r) => String(r['PKey']));
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys).toHaveLength(count);
}

describe('an export killed with SIGKILL and resumed', () => {
  it.each(['ndjson', 'json'] as const)(
    '%s: every record exactly once, and a valid file',
    async (format) => {
      const total = 2_000;
      emulator = await startEmulator({ profiles: total, seed: 3 });
      const dir = tempDir('acs-bulk-export-');
      const output = join(dir, `profiles.${format}`);
      const env = jobEnvironment({
        ...emulatorEnvironment(emulator),
        BULK_JOB: 'export',
        BULK_OUTPUT: output,
        BULK_FORMAT: format,
        BULK_PAGE_SIZE: '40',
      });
      const random = seededRandom(format === 'json' ? 21 : 22);
      const points = [0.15, 0.45, 0.75].map((share) => Math.floor(total * (share + 0.1 * random())));
      let kills = 0;
      for (const records of points) {
        const run = await runJobProcess(env, { file: output, lines: records });
        if (run.signal !== 'SIGKILL') break;
        kills++;
      }
      const last = await runJobProcess(env);
      expect(last.code, last.stderr).toBe(0);
      expect(last.result).toMatchObject({ status: 'completed', records: total });
      expect(kills).toBeGreaterThanOrEqual(2);
      const records = recordsOf(output, format);
      expectEachOnce(records, total);
      const checkpoint = JSON.parse(readFileSync(`${output}.checkpoint.json`, 'utf8'));
      expect(checkpoint).toMatchObject({ complete: true, records: total, nextHref: null });
    },
    120_000,
  );
});

describe('exportRecords', () => {
  it('a stopped CSV export resumes where it stopped; a finished one is not read again', async () => {
    emulator = await startEmulator({ profiles: 230 });
    const client = emulatorClient(emulator);
    const dir = tempDir('acs-bulk-export-');
    const output = join(dir, 'profiles.csv');
    const controller = new AbortController();
    const columns = ['PKey', 'email', 'location.city'];
    const first = await exportRecords({
      client,
      resource: 'profile',
      output,
      columns,
      pageSize: 20,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.pages === 4) controller.abort();
      },
    });
    expect(first).toMatchObject({ status: 'stopped', records: 80 });
    expect(first.resumeHint).toContain('resume: true');
    const second = await exportRecords({
      client,
      resource: 'profile',
      output,
      columns,
      pageSize: 20,
      resume: true,
    });
    expect(second).toMatchObject({ status: 'completed', records: 230, recordsThisRun: 150 });
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('PKey,email,location.city');
    expect(lines).toHaveLength(231);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(230);
    emulator.stats.reset();
    const third = await exportRecords({
      client,
      resource: 'profile',
      output,
      columns,
      pageSize: 20,
      resume: true,
    });
    expect(third).toMatchObject({ status: 'completed', recordsThisRun: 0 });
    expect(emulator.stats.apiRequests()).toBe(0);
  });

  it('reads every record of a big table (the client forces pagination)', async () => {
    emulator = await startEmulator({ profiles: 300, bigTableThreshold: 100 });
    const dir = tempDir('acs-bulk-export-');
    const output = join(dir, 'big.ndjson');
    const result = await exportRecords({
      client: emulatorClient(emulator),
      resource: 'profile',
      output,
      pageSize: 25,
    });
    expect(result).toMatchObject({ status: 'completed', records: 300, pages: 12 });
    expectEachOnce(readNdjsonFile(output), 300);
  });

  it('an empty list gives an empty JSON array; a filtered path and a custom resource work', async () => {
    emulator = await startEmulator({ profiles: 30 });
    const client = emulatorClient(emulator);
    const dir = tempDir('acs-bulk-export-');
    const none = await exportRecords({
      client,
      resource: { path: '/profileAndServices/profile/byText' },
      query: { text: 'nobody-starts-like-this' },
      output: join(dir, 'none.json'),
    });
    expect(none).toMatchObject({ status: 'completed', records: 0 });
    expect(JSON.parse(readFileSync(join(dir, 'none.json'), 'utf8'))).toEqual([]);
    const stores = await exportRecords({
      client,
      resource: { kind: 'custom', name: 'cusStore', family: 'customResources' },
      output: join(dir, 'stores.json'),
    });
    expect(stores.records).toBe(6);
    expect(JSON.parse(readFileSync(join(dir, 'stores.json'), 'utf8'))).toHaveLength(6);
  });

  it('refuses an existing checkpoint without resume, another export, or an output cut short', async () => {
    emulator = await startEmulator({ profiles: 30 });
    const client = emulatorClient(emulator);
    const dir = tempDir('acs-bulk-export-');
    const output = join(dir, 'p.ndjson');
    const controller = new AbortController();
    await exportRecords({
      client,
      resource: 'profile',
      output,
      pageSize: 10,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    const exists = await rejection(exportRecords({ client, resource: 'profile', output, pageSize: 10 }));
    expect(exists).toBeInstanceOf(CheckpointError);
    expect(exists).toMatchObject({ problem: 'exists' });
    const other = await rejection(
      exportRecords({ client, resource: 'service', output, pageSize: 10, resume: true }),
    );
    expect(other).toMatchObject({ problem: 'mismatch' });
    writeFileSync(output, '');
    const short = await rejection(
      exportRecords({ client, resource: 'profile', output, pageSize: 10, resume: true }),
    );
    expect(short).toMatchObject({ problem: 'output-short' });
    expect(existsSync(`${output}.checkpoint.json`)).toBe(true);
  });
});
