import { startEmulatorProcess } from '../lib/emulator.mjs';
import { median, ratio } from '../lib/stats.mjs';
import { runWorker } from '../lib/worker.mjs';

const MB = 1_000_000;

/**
 * Scenario 6: iterate `counts` profiles through `profiles.list()` and through a raw fetch loop
 * over the same pages (`pageSize` records each, following `next.href`), each run in a fresh
 * process; records per second and peak RSS growth over a warmed-up baseline.
 *
 * @param {{ counts: number[], pageSize: number, reps: number }} config
 */
export async function streaming({ counts, pageSize, reps }) {
  const emulator = await startEmulatorProcess({ profiles: Math.max(...counts) });
  try {
    const rows = [];
    for (const records of counts) {
      const runs = { raw: [], ours: [] };
      for (let rep = 0; rep < reps; rep++) {
        for (const variant of ['raw', 'ours']) {
          const { result } = await runWorker(
            'streaming',
            { variant, records, pageSize, emulator },
            { nodeArgs: ['--expose-gc'] },
          );
          if (result.records !== records) throw new Error(`${variant} saw ${result.records} of ${records}`);
          const emulatorCpu = await emulator.call('cpuBetween', { from: result.from, to: result.to });
          runs[variant].push({ ...result, emulatorCpu });
        }
      }
      const rawRate = median(runs.raw.map((r) => r.perSecond));
      for (const variant of ['raw', 'ours']) {
        const r = runs[variant];
        const perSecond = median(r.map((x) => x.perSecond));
        rows.push({
          variant,
          label: variant === 'raw' ? 'raw fetch loop over the pages' : 'ours: client.profiles.list()',
          records,
          perSecond,
          vsRaw: ratio(perSecond, rawRate),
          rssGrowthMB: median(r.map((x) => x.rssGrowthBytes)) / MB,
          heapRetainedMB: median(r.map((x) => x.heapRetainedBytes)) / MB,
          emulatorCpu: median(r.map((x) => x.emulatorCpu)),
          runs: r,
        });
      }
    }
    const ours = rows.filter((r) => r.variant === 'ours');
    return {
      pageSize,
      rows,
      goal: {
        text: 'peak RSS growth under 50 MB, independent of the record count',
        met: ours.every((r) => r.rssGrowthMB < 50),
      },
    };
  } finally {
    await emulator.stop();
  }
}
