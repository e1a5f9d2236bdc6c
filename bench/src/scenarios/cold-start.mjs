import { startEmulatorProcess } from '../lib/emulator.mjs';
import { median, ratio } from '../lib/stats.mjs';
import { runWorker, timeNode } from '../lib/worker.mjs';
import { peerEnv } from './peer-env.mjs';

const PRINT_USAGE =
  'const c = process.cpuUsage(); process.stdout.write(JSON.stringify({ rss: process.resourceUsage().maxRSS * 1024, cpuMs: (c.user + c.system) / 1000 }))';

const VARIANTS = [
  { id: 'ours', worker: 'cold-ours', label: 'ours: client + auth-oauth' },
  { id: 'compat', worker: 'cold-compat', label: 'ours: aio-compat + auth-oauth' },
  { id: 'raw', worker: 'cold-raw', label: 'no SDK: global fetch' },
  { id: 'aio', worker: 'cold-peer', label: 'aio-lib-ims + aio-lib-campaign-standard' },
];

/**
 * Scenario 4: fresh Node processes, from spawn to "first authenticated call ready" (SDK loaded
 * and configured) and to that call's answer, against `node -e 0`; with peak RSS. Variants are
 * interleaved, `reps` times each.
 *
 * @param {{ reps: number, warm?: boolean }} config `warm`: one untimed round first
 */
export async function coldStart({ reps, warm = true }) {
  const emulator = await startEmulatorProcess();
  try {
    const bare = [];
    const bareRss = [];
    const bareCpu = [];
    const runs = Object.fromEntries(VARIANTS.map((v) => [v.id, []]));
    // one untimed round so every file is in the page cache
    if (warm) {
      await timeNode(['-e', '0']);
      for (const v of VARIANTS) {
        await runWorker(v.worker, { emulator, pkey: emulator.pkey }, v.id === 'aio' ? peerEnv() : {});
      }
    }
    for (let rep = 0; rep < reps; rep++) {
      bare.push((await timeNode(['-e', '0'])).exitMs);
      const usage = JSON.parse((await timeNode(['-e', PRINT_USAGE])).stdout);
      bareRss.push(usage.rss);
      bareCpu.push(usage.cpuMs);
      for (const v of VARIANTS) {
        const { result, marks } = await runWorker(
          v.worker,
          { emulator, pkey: emulator.pkey },
          v.id === 'aio' ? peerEnv() : {},
        );
        if (!result.ok) throw new Error(`${v.id}: the first call did not return the profile`);
        runs[v.id].push({
          readyMs: marks.ready,
          responseMs: marks.response,
          readyCpuMs: result.readyCpuMs,
          peakRssBytes: result.peakRssBytes,
        });
      }
    }
    const bareMs = median(bare);
    const bareCpuMs = median(bareCpu);
    const rows = [
      {
        variant: 'bare',
        label: 'bare `node -e 0` (to exit)',
        readyMs: bareMs,
        readyCpuMs: bareCpuMs,
        peakRssBytes: median(bareRss),
      },
      ...VARIANTS.map((v) => {
        const r = runs[v.id];
        const readyMs = median(r.map((x) => x.readyMs));
        const responseMs = median(r.map((x) => x.responseMs));
        const readyCpuMs = median(r.map((x) => x.readyCpuMs));
        return {
          variant: v.id,
          label: v.label,
          readyMs,
          responseMs,
          readyVsBare: ratio(readyMs, bareMs),
          readyCpuMs,
          readyCpuVsBare: ratio(readyCpuMs, bareCpuMs),
          responseVsBare: ratio(responseMs, bareMs),
          peakRssBytes: median(r.map((x) => x.peakRssBytes)),
          runs: r,
        };
      }),
    ];
    const ours = rows.find((r) => r.variant === 'ours');
    return {
      reps,
      rows,
      goal: {
        text: 'a fresh process ready for its first authenticated call within 2x of bare `node -e 0`',
        met: ours.readyVsBare <= 2,
      },
    };
  } finally {
    await emulator.stop();
  }
}
