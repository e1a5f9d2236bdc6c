import { runtimeBinary, runtimeVersion } from '@campaign-standard/runtimes';
import { startEmulatorProcess } from '../lib/emulator.mjs';
import { median, ratio } from '../lib/stats.mjs';
import { runWorker, timeNode } from '../lib/worker.mjs';

/**
 * The runtimes of the matrix that start a process. Cloudflare Workers is not among them: miniflare
 * starts a whole workerd for each instance, and an isolate's cold start on Cloudflare's edge is not
 * something this machine reproduces.
 */
const RUNTIMES = [
  {
    id: 'node-20',
    label: 'Node.js',
    note: ' (the machine’s)',
    binary: () => process.execPath,
    args: [],
    bare: ['-e', '0'],
  },
  { id: 'node-22', label: 'Node.js', binary: () => runtimeBinary('node-22'), args: [], bare: ['-e', '0'] },
  { id: 'node-24', label: 'Node.js', binary: () => runtimeBinary('node-24'), args: [], bare: ['-e', '0'] },
  {
    id: 'deno',
    label: 'Deno',
    binary: () => runtimeBinary('deno'),
    args: ['run', '--allow-env', '--allow-net=127.0.0.1', '--allow-read', '--allow-sys'],
    bare: ['eval', '0'],
  },
  { id: 'bun', label: 'Bun', binary: () => runtimeBinary('bun'), args: [], bare: ['-e', '0'] },
];

/**
 * Scenario 4b: the cold start of scenario 4 (`cold-ours`: client + auth-oauth, from spawn to
 * "ready for the first authenticated call" and to its answer) in each runtime of the matrix,
 * against that runtime's own bare start (`-e 0`, `deno eval 0`). Runtimes are interleaved, `reps`
 * times each.
 *
 * @param {{ reps: number, warm?: boolean }} config `warm`: one untimed round first
 */
export async function coldStartRuntimes({ reps, warm = true }) {
  const runtimes = RUNTIMES.map((runtime) => {
    const binary = runtime.binary();
    if (!binary) throw new Error(`${runtime.id}: no binary for ${process.platform}-${process.arch}`);
    return { ...runtime, binary, version: runtimeVersion(binary) };
  });
  const emulator = await startEmulatorProcess();
  try {
    const input = { emulator, pkey: emulator.pkey };
    const once = (runtime) =>
      runWorker('cold-ours', input, { runtime: runtime.binary, nodeArgs: runtime.args });
    if (warm) {
      for (const runtime of runtimes) {
        await timeNode(runtime.bare, runtime.binary);
        await once(runtime);
      }
    }
    const runs = Object.fromEntries(
      runtimes.map((runtime) => [runtime.id, { bare: [], ready: [], response: [], rss: [] }]),
    );
    for (let rep = 0; rep < reps; rep++) {
      for (const runtime of runtimes) {
        const run = runs[runtime.id];
        run.bare.push((await timeNode(runtime.bare, runtime.binary)).exitMs);
        const { result, marks } = await once(runtime);
        if (!result.ok) throw new Error(`${runtime.id}: the first call did not return the profile`);
        run.ready.push(marks.ready);
        run.response.push(marks.response);
        run.rss.push(result.peakRssBytes);
      }
    }
    const rows = runtimes.map((runtime) => {
      const run = runs[runtime.id];
      const bareMs = median(run.bare);
      const readyMs = median(run.ready);
      const responseMs = median(run.response);
      return {
        variant: runtime.id,
        label: `${runtime.label} ${runtime.version}${runtime.note ?? ''}`,
        bareMs,
        readyMs,
        readyVsBare: ratio(readyMs, bareMs),
        responseMs,
        responseVsBare: ratio(responseMs, bareMs),
        peakRssBytes: median(run.rss),
      };
    });
    return {
      reps,
      rows,
      goal: {
        text: 'a fresh process of every runtime of the matrix (Node.js 20/22/24, Deno, Bun) answers its first call',
        met: true,
        note: 'Cloudflare Workers not measured: miniflare starts a whole workerd, not an edge isolate',
      },
    };
  } finally {
    await emulator.stop();
  }
}
