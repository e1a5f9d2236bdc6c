#!/usr/bin/env node
// `pnpm bench [--quick] [--only name,name]`: runs the scenarios, writes results/latest.json and
// prints a markdown table. Every comparison is a ratio from this one run; nothing asserts time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { toMarkdown } from './lib/report.mjs';
import { bulk } from './scenarios/bulk.mjs';
import { coldStart } from './scenarios/cold-start.mjs';
import { coldStartRuntimes } from './scenarios/cold-start-runtimes.mjs';
import { footprint } from './scenarios/footprint.mjs';
import { longRun } from './scenarios/long-run.mjs';
import { streaming } from './scenarios/streaming.mjs';
import { throughput } from './scenarios/throughput.mjs';
import { tokenEconomy } from './scenarios/token-economy.mjs';

/** Sizes of a full run and of the `--quick` run the test suite uses. */
export const SIZES = {
  full: {
    tokenEconomy: { calls: 1000, reps: 3 },
    longRun: { lifetimeSeconds: 4, lifetimes: 6, concurrency: 16 },
    throughput: {
      requests: 10_000,
      warmup: 1000,
      concurrency: 16,
      reps: 3,
      latency: { latencyMs: 20, requests: 3000, reps: 3 },
    },
    coldStart: { reps: 10 },
    coldStartRuntimes: { reps: 5 },
    footprint: {},
    streaming: { counts: [10_000, 100_000], pageSize: 100, reps: 3 },
    bulk: { rows: 20_000, requestsPerSecond: 300, concurrency: 16, rssRows: 100_000 },
  },
  quick: {
    tokenEconomy: { calls: 50, reps: 1 },
    longRun: { lifetimeSeconds: 1, lifetimes: 1.5, concurrency: 4 },
    throughput: {
      requests: 200,
      warmup: 20,
      concurrency: 8,
      reps: 1,
      latency: { latencyMs: 5, requests: 100, reps: 1 },
    },
    coldStart: { reps: 1, warm: false },
    coldStartRuntimes: { reps: 1, warm: false },
    footprint: {},
    streaming: { counts: [500, 1500], pageSize: 100, reps: 1 },
    bulk: { rows: 60, requestsPerSecond: 40, concurrency: 8, rssRows: 300 },
  },
};

const SCENARIOS = {
  tokenEconomy,
  longRun,
  throughput,
  coldStart,
  coldStartRuntimes,
  footprint,
  streaming,
  bulk,
};

/**
 * Runs the benchmark scenarios and returns the results (also written as JSON when `out` is set).
 *
 * @param {{ quick?: boolean, only?: string[], out?: string, log?: (line: string) => void }} [options]
 */
export async function runBenchmarks(options = {}) {
  const mode = options.quick ? 'quick' : 'full';
  const log = options.log ?? (() => {});
  const results = {
    meta: {
      mode,
      date: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model?.trim() ?? 'unknown',
      loadAverageAtStart: loadavg()[0],
    },
    scenarios: {},
  };
  for (const [name, run] of Object.entries(SCENARIOS)) {
    if (options.only && !options.only.includes(name)) continue;
    const started = performance.now();
    log(`${name}…`);
    try {
      results.scenarios[name] = await run(SIZES[mode][name]);
    } catch (error) {
      results.scenarios[name] = { error: `${name} failed: ${error?.message ?? error}` };
    }
    results.scenarios[name].seconds = (performance.now() - started) / 1000;
    log(`${name} done in ${results.scenarios[name].seconds.toFixed(1)} s`);
  }
  results.meta.loadAverageAtEnd = loadavg()[0];
  if (options.out) {
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    // `pnpm bench -- --quick` passes the `--` through
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { quick: { type: 'boolean' }, only: { type: 'string' } },
  });
  const out = fileURLToPath(new URL('../results/latest.json', import.meta.url));
  const results = await runBenchmarks({
    quick: values.quick,
    only: values.only?.split(','),
    out,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(toMarkdown(results));
  process.stderr.write(`\nwritten to ${out}\n`);
  if (Object.values(results.scenarios).some((s) => s.error)) process.exitCode = 1;
}
