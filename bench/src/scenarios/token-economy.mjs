import { startEmulatorProcess } from '../lib/emulator.mjs';
import { median } from '../lib/stats.mjs';
import { runWorker } from '../lib/worker.mjs';
import { peerEnv } from './peer-env.mjs';

const VARIANTS = [
  { id: 'ours-oauth', label: 'ours: client + auth-oauth' },
  { id: 'ours-jwt', label: 'ours: client + auth-jwt' },
  { id: 'aio-oauth', label: 'aio-lib-ims (OAuth S2S plugin)' },
  { id: 'aio-jwt', label: 'aio-lib-ims (JWT plugin)' },
];

/**
 * Scenario 1: a cold client makes `calls` concurrent calls; IMS token requests are counted by
 * the emulator (goal for ours: exactly 1).
 *
 * @param {{ calls: number, reps: number }} config
 */
export async function tokenEconomy({ calls, reps }) {
  const emulator = await startEmulatorProcess();
  try {
    const rows = [];
    for (const variant of VARIANTS) {
      const runs = [];
      for (let rep = 0; rep < reps; rep++) {
        await emulator.call('reset');
        const { result } = await runWorker(
          'token-economy',
          { variant: variant.id, calls, emulator, pkey: emulator.pkey },
          variant.id.startsWith('aio') ? peerEnv() : {},
        );
        runs.push({
          ...result,
          tokenRequests: await emulator.call('tokenRequests'),
          apiRequests: await emulator.call('apiRequests'),
        });
      }
      rows.push({
        variant: variant.id,
        label: variant.label,
        calls,
        tokenRequests: median(runs.map((r) => r.tokenRequests)),
        failed: median(runs.map((r) => r.failed)),
        runs,
      });
    }
    const ours = rows.filter((r) => r.variant.startsWith('ours'));
    return {
      rows,
      goal: {
        text: `IMS token requests for ${calls.toLocaleString('en-US')} concurrent calls from a cold client: exactly 1`,
        met: ours.every((r) => r.tokenRequests === 1 && r.failed === 0),
      },
    };
  } finally {
    await emulator.stop();
  }
}
