import { startEmulatorProcess } from '../lib/emulator.mjs';
import { median, ratio } from '../lib/stats.mjs';
import { runWorker } from '../lib/worker.mjs';
import { peerEnv } from './peer-env.mjs';

const VARIANTS = [
  { id: 'raw', label: 'raw fetch, same headers' },
  { id: 'ours', label: 'ours: client.profiles.get' },
  { id: 'aio', label: 'aio-lib-campaign-standard getProfile' },
];

/**
 * Scenario 3: `requests` GETs of one profile at `concurrency`, each repetition in a fresh
 * process, variants interleaved; the emulator runs in its own process and its CPU use over each
 * measured window is reported, to show whether it was the bottleneck.
 *
 * @param {{ requests: number, warmup: number, concurrency: number, reps: number }} config
 */
export async function throughput({ requests, warmup, concurrency, reps }) {
  const emulator = await startEmulatorProcess();
  try {
    const runs = Object.fromEntries(VARIANTS.map((v) => [v.id, []]));
    for (let rep = 0; rep < reps; rep++) {
      for (const variant of VARIANTS) {
        await emulator.call('reset');
        const { result } = await runWorker(
          'throughput',
          { variant: variant.id, requests, warmup, concurrency, emulator, pkey: emulator.pkey },
          variant.id === 'aio' ? peerEnv() : {},
        );
        const emulatorCpu = await emulator.call('cpuBetween', { from: result.from, to: result.to });
        runs[variant.id].push({ ...result, emulatorCpu });
      }
    }
    const summary = (id) => {
      const r = runs[id];
      return {
        perSecond: median(r.map((x) => x.perSecond)),
        p50Ms: median(r.map((x) => x.p50Ms)),
        p99Ms: median(r.map((x) => x.p99Ms)),
        failed: median(r.map((x) => x.failed)),
        clientCpu: median(r.map((x) => x.clientCpu)),
        emulatorCpu: median(r.map((x) => x.emulatorCpu)),
      };
    };
    const raw = summary('raw');
    const rows = VARIANTS.map((v) => {
      const s = summary(v.id);
      return {
        variant: v.id,
        label: v.label,
        ...s,
        throughputVsRaw: ratio(s.perSecond, raw.perSecond),
        p50VsRaw: ratio(s.p50Ms, raw.p50Ms),
        p99VsRaw: ratio(s.p99Ms, raw.p99Ms),
        runs: runs[v.id],
      };
    });
    const ours = rows.find((r) => r.variant === 'ours');
    const aio = rows.find((r) => r.variant === 'aio');
    return {
      requests,
      concurrency,
      reps,
      rows,
      goal: {
        text: "throughput at least 90% of raw fetch's, and ahead of aio-lib-campaign-standard",
        met: ours.throughputVsRaw >= 0.9 && ours.perSecond > aio.perSecond && ours.failed === 0,
      },
    };
  } finally {
    await emulator.stop();
  }
}
