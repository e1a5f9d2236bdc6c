import { startEmulatorProcess } from '../lib/emulator.mjs';
import { median, ratio } from '../lib/stats.mjs';
import { runWorker } from '../lib/worker.mjs';
import { peerEnv } from './peer-env.mjs';

const VARIANTS = [
  { id: 'raw', label: 'raw fetch, same headers' },
  { id: 'ky', label: 'plain ky, same headers (the client’s transport)' },
  { id: 'ours', label: 'ours: client.profiles.get' },
  { id: 'compat', label: 'ours: aio-compat getProfile' },
  { id: 'aio', label: 'aio-lib-campaign-standard getProfile' },
];

/**
 * One series: `reps` rounds of every variant (interleaved), each run in a fresh process, and the
 * medians with their ratios to raw fetch and to plain ky (the client's transport, so the ratio to
 * ky is the SDK's own overhead).
 */
async function series(emulator, { requests, warmup, concurrency, reps }) {
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
      clientCpuUsPerRequest: median(r.map((x) => (x.clientCpu * x.elapsedMs * 1000) / x.requests)),
      emulatorCpu: median(r.map((x) => x.emulatorCpu)),
    };
  };
  const raw = summary('raw');
  const ky = summary('ky');
  return VARIANTS.map((v) => {
    const s = summary(v.id);
    return {
      variant: v.id,
      label: v.label,
      ...s,
      throughputVsRaw: ratio(s.perSecond, raw.perSecond),
      p50VsRaw: ratio(s.p50Ms, raw.p50Ms),
      p99VsRaw: ratio(s.p99Ms, raw.p99Ms),
      cpuPerGetVsRaw: ratio(s.clientCpuUsPerRequest, raw.clientCpuUsPerRequest),
      throughputVsKy: ratio(s.perSecond, ky.perSecond),
      cpuPerGetVsKy: ratio(s.clientCpuUsPerRequest, ky.clientCpuUsPerRequest),
      runs: runs[v.id],
    };
  });
}

/**
 * Scenario 3: `requests` GETs of one profile at `concurrency` against the emulator in its own
 * process, whose CPU use over each measured window is reported to show whether it was the
 * bottleneck. With `latency`, a second series runs with that much server latency injected, where
 * the client's own cost matters less.
 *
 * @param {{ requests: number, warmup: number, concurrency: number, reps: number,
 *   latency?: { latencyMs: number, requests: number, reps: number } }} config
 */
export async function throughput(config) {
  const emulator = await startEmulatorProcess();
  try {
    const rows = await series(emulator, config);
    let latency;
    if (config.latency) {
      await emulator.call('inject', { target: 'api', kind: 'latency', latencyMs: config.latency.latencyMs });
      latency = {
        latencyMs: config.latency.latencyMs,
        requests: config.latency.requests,
        reps: config.latency.reps,
        rows: await series(emulator, { ...config, ...config.latency, warmup: Math.min(config.warmup, 200) }),
      };
      await emulator.call('clearFaults');
    }
    const ours = rows.find((r) => r.variant === 'ours');
    const aio = rows.find((r) => r.variant === 'aio');
    return {
      requests: config.requests,
      concurrency: config.concurrency,
      reps: config.reps,
      rows,
      latency,
      goal: {
        text: "throughput at least 90% of raw fetch's, and ahead of aio-lib-campaign-standard",
        met: ours.throughputVsRaw >= 0.9 && ours.perSecond > aio.perSecond && ours.failed === 0,
      },
      overheadAboveKy: {
        text: 'client CPU per GET of ours above plain ky (the SDK’s own work), goal under 10%',
        cpuPerGet: ours.cpuPerGetVsKy,
        met: ours.cpuPerGetVsKy < 1.1,
      },
    };
  } finally {
    await emulator.stop();
  }
}
