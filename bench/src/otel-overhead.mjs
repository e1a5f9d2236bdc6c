#!/usr/bin/env node
// `pnpm --filter @campaign-standard/bench run bench:otel [--quick]`: the client's CPU per GET
// without OpenTelemetry installed, with the API alone, with OpenTelemetry's context manager alone,
// with an SDK and a no-op exporter registered but the client untraced, the same plus the SDK's own
// operations of a traced call done by hand (its floor), traced with a sampler that records no
// span, and traced (with and without the context manager).
// Separate processes, the modes interleaved in each rep; the ratio is of the medians.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmulatorProcess } from './lib/emulator.mjs';
import { runWorker } from './lib/worker.mjs';

const HIDE = fileURLToPath(new URL('./lib/hide-otel.mjs', import.meta.url));
const MODES = [
  'absent',
  'api',
  'context',
  'sdk-untraced',
  'sdk-ops',
  'sdk-unsampled',
  'sdk-no-context',
  'sdk',
];

/**
 * Runs the series and returns the CPU per GET of each mode (median of `reps`) and the ratios.
 *
 * @param {{ requests?: number, warmup?: number, concurrency?: number, reps?: number }} [size]
 */
export async function otelOverhead(size = {}) {
  const { requests = 5000, warmup = 500, concurrency = 16, reps = 5 } = size;
  const emulator = await startEmulatorProcess({ profiles: 10 });
  const samples = Object.fromEntries(MODES.map((mode) => [mode, []]));
  try {
    const target = { imsUrl: emulator.imsUrl, baseUrl: emulator.baseUrl, credentials: emulator.credentials };
    for (let rep = 0; rep < reps; rep++) {
      for (const mode of MODES) {
        const { result } = await runWorker(
          'otel',
          { mode, requests, warmup, concurrency, emulator: target, pkey: emulator.pkey },
          { nodeArgs: mode === 'absent' ? ['--import', HIDE] : [] },
        );
        samples[mode].push(result.cpuPerGetUs);
      }
    }
  } finally {
    await emulator.stop();
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const cpuPerGetUs = Object.fromEntries(MODES.map((mode) => [mode, median(samples[mode])]));
  return {
    requests,
    reps,
    cpuPerGetUs,
    samples,
    ratio: Object.fromEntries(MODES.map((mode) => [mode, cpuPerGetUs[mode] / cpuPerGetUs.absent])),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' } } });
  const result = await otelOverhead(
    values.quick ? { requests: 200, warmup: 20, concurrency: 8, reps: 1 } : {},
  );
  console.log(JSON.stringify(result, null, 2));
}
