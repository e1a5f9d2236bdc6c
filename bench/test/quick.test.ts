import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMarkdown } from '../src/lib/report.mjs';
import { runBenchmarks } from '../src/run.mjs';

// One `--quick` run (small sizes) so the benchmark cannot rot: every scenario must run and
// produce numbers. Nothing here asserts a duration or a ratio; the hook's limit only catches a
// hang (the run takes about a minute alone, several on a busy 2-core machine).
const dir = mkdtempSync(join(tmpdir(), 'acs-bench-test-'));
const out = join(dir, 'latest.json');
// biome-ignore lint/suspicious/noExplicitAny: the results are plain JSON
let results: any;

beforeAll(async () => {
  results = await runBenchmarks({ quick: true, out });
}, 400_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const finite = (value: unknown) => expect(Number.isFinite(value), `${value} is a finite number`).toBe(true);

describe('bench --quick', () => {
  it('runs every scenario without error and writes the JSON', () => {
    expect(Object.keys(results.scenarios)).toEqual([
      'tokenEconomy',
      'longRun',
      'throughput',
      'coldStart',
      'coldStartRuntimes',
      'footprint',
      'streaming',
      'bulk',
    ]);
    for (const [name, scenario] of Object.entries<{ error?: string }>(results.scenarios)) {
      expect(scenario.error, name).toBeUndefined();
    }
    expect(existsSync(out)).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8')).scenarios.throughput.rows).toHaveLength(5);
  });

  it('counts token requests: one for our cold client, one per caller for aio-lib-ims', () => {
    const rows = results.scenarios.tokenEconomy.rows;
    const by = (id: string) => rows.find((r: { variant: string }) => r.variant === id);
    expect(by('ours-oauth').tokenRequests).toBe(1);
    expect(by('ours-jwt').tokenRequests).toBe(1);
    for (const id of ['ours-oauth', 'ours-jwt', 'aio-oauth', 'aio-jwt']) expect(by(id).failed).toBe(0);
    finite(by('aio-oauth').tokenRequests);
    finite(by('aio-jwt').tokenRequests);
  });

  it('measures the long run: calls, token requests and expired sends', () => {
    for (const row of results.scenarios.longRun.rows) {
      expect(row.calls).toBeGreaterThan(0);
      expect(row.tokenRequests).toBeGreaterThan(0);
      finite(row.tokenRequestsPerLifetime);
      finite(row.sentExpired);
      expect(row.failed).toBe(0);
    }
  });

  it('measures throughput and latency of raw fetch, plain ky, ours, the compat layer and the peer', () => {
    const variants = results.scenarios.throughput.rows.map((r: { variant: string }) => r.variant);
    expect(variants).toEqual(['raw', 'ky', 'ours', 'compat', 'aio']);
    finite(results.scenarios.throughput.overheadAboveKy.cpuPerGet);
    for (const row of results.scenarios.throughput.rows) {
      for (const key of [
        'perSecond',
        'p50Ms',
        'p99Ms',
        'throughputVsRaw',
        'throughputVsKy',
        'cpuPerGetVsKy',
        'clientCpu',
        'emulatorCpu',
      ])
        finite(row[key]);
      expect(row.failed).toBe(0);
    }
  });

  it('measures cold start and peak RSS against bare node', () => {
    for (const row of results.scenarios.coldStart.rows) {
      finite(row.readyMs);
      finite(row.peakRssBytes);
      if (row.variant !== 'bare') finite(row.responseVsBare);
    }
  });

  it('measures the cold start in every runtime of the matrix against its own bare start', () => {
    const rows = results.scenarios.coldStartRuntimes.rows;
    expect(rows.map((r: { variant: string }) => r.variant)).toEqual([
      'node-20',
      'node-22',
      'node-24',
      'deno',
      'bun',
    ]);
    for (const row of rows) {
      finite(row.bareMs);
      finite(row.readyVsBare);
      finite(row.responseMs);
      finite(row.peakRssBytes);
    }
  });

  it('sizes the production dependency trees', () => {
    for (const row of results.scenarios.footprint.rows) {
      expect(row.packages).toBeGreaterThan(0);
      finite(row.sizeMB);
    }
  });

  it('streams records through profiles.list() and a raw loop, at two counts', () => {
    const rows = results.scenarios.streaming.rows;
    expect(new Set(rows.map((r: { records: number }) => r.records)).size).toBe(2);
    for (const row of rows) {
      finite(row.perSecond);
      finite(row.rssGrowthMB);
    }
  });

  it('imports with the bulk job, a naive loop and the peer against a rate-limited emulator', () => {
    const s = results.scenarios.bulk;
    expect(s.rate.map((r: { variant: string }) => r.variant)).toEqual(['ours', 'naive', 'peer']);
    const ours = s.rate[0];
    expect(ours.status).toBe('completed');
    // every row written once, whatever the 429s
    expect(ours.written).toBe(ours.rows);
    expect(ours.duplicates).toBe(0);
    for (const row of s.rate) {
      finite(row.admittedPerSecond);
      finite(row.rateLimited);
      finite(row.failed);
    }
    // the memory sync, by ours and by a raw fetch loop: the same rows end in the same states
    const [oursSync, rawSync] = s.memory;
    expect([oursSync.variant, rawSync.variant]).toEqual(['ours', 'raw']);
    expect(oursSync.counts.read).toBe(oursSync.rows);
    for (const state of ['created', 'updated', 'unchanged'] as const) {
      expect(rawSync.counts[state]).toBe(oursSync.counts[state]);
    }
    expect(oursSync.counts.created + oursSync.counts.updated).toBeGreaterThan(0);
    for (const sync of s.memory) {
      finite(sync.rssGrowthMB);
      finite(sync.heapRetainedMB);
    }
    finite(oursSync.rssGrowthVsRaw);
  });

  it('renders a markdown table for every scenario', () => {
    const markdown = toMarkdown(results);
    for (const n of [1, 2, 3, 4, 5, 6, 7]) expect(markdown).toMatch(new RegExp(`^### ${n}\\. `, 'm'));
    expect(markdown).not.toContain('error');
  });
});
