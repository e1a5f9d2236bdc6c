import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulatorProcess } from '../lib/emulator.mjs';
import { createOurClient } from '../lib/ours.mjs';
import { ratio } from '../lib/stats.mjs';
import { runWorker } from '../lib/worker.mjs';

const MB = 1_000_000;
const LABELS = {
  ours: 'ours: importRecords (upsert by email, adaptive concurrency)',
  naive: 'naive: Promise.all of client.profiles.create, fixed concurrency',
  peer: 'peer: aio-lib-campaign-standard createProfile in a loop',
};
const MEMORY_LABELS = {
  ours: 'ours: importRecords (upsert by email, journal)',
  raw: 'raw fetch loop (look-up, then PATCH or POST; no journal, no retry)',
};

/** A CSV of `rows` new profiles (plain: no quoted fields). */
function newProfilesCsv(path, rows, from = 0) {
  const lines = ['email,firstName,lastName'];
  for (let i = from; i < from + rows; i++) lines.push(`bulk${i}@bench.test,First${i},Last${i}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Profiles of the emulator whose e-mail ends with `suffix`, and how many of those are duplicates. */
async function stored(emulator, suffix) {
  const client = createOurClient(emulator);
  const seen = new Set();
  let duplicates = 0;
  for await (const profile of client.profiles.list({ pageSize: 500 })) {
    if (!String(profile.email).endsWith(suffix)) continue;
    if (seen.has(profile.email)) duplicates++;
    seen.add(profile.email);
  }
  return { profiles: seen.size, duplicates };
}

/**
 * Scenario 7, bulk jobs. (a) Import `rows` new profiles into an emulator limited to
 * `requestsPerSecond` Campaign calls a second, with our bulk import, a naive fixed-concurrency
 * `Promise.all` loop over our client, and the peer SDK in a loop, each against a fresh emulator:
 * the rate of admitted requests as a share of the limit, the 429s answered, the rows written and
 * failed, duplicates. (b) Peak RSS growth of our import of a `rssRows`-row CSV file (a nightly
 * sync: 98% of the rows unchanged, 1% changed, 1% new) against an unlimited emulator.
 *
 * @param {{ rows: number, requestsPerSecond: number, concurrency: number, rssRows: number }} config
 */
export async function bulk({ rows, requestsPerSecond, concurrency, rssRows }) {
  const dir = mkdtempSync(join(tmpdir(), 'acs-bench-bulk-'));
  try {
    const rate = [];
    for (const variant of ['ours', 'naive', 'peer']) {
      const file = join(dir, `${variant}.csv`);
      newProfilesCsv(file, rows);
      const emulator = await startEmulatorProcess({ profiles: 10, rateLimit: { requestsPerSecond } });
      try {
        const { result } = await runWorker('bulk', { variant, emulator, file, concurrency });
        const seconds = result.elapsedMs / 1000;
        const requests = await emulator.call('apiRequests', {});
        const limited = await emulator.call('rateLimited', {});
        const admitted = requests - limited;
        const cpu = await emulator.call('cpuBetween', { from: result.from, to: result.to });
        const { profiles, duplicates } = await stored(emulator, '@bench.test');
        rate.push({
          variant,
          label: LABELS[variant],
          rows,
          seconds,
          requests,
          rateLimited: limited,
          admittedPerSecond: admitted / seconds,
          shareOfLimit: ratio(admitted / seconds, requestsPerSecond),
          rowsPerSecond: profiles / seconds,
          written: profiles,
          failed: result.failed,
          failures: result.failures,
          duplicates,
          emulatorCpu: cpu,
          ...(variant === 'ours' ? { status: result.status, counts: result.counts } : {}),
        });
      } finally {
        await emulator.stop();
      }
    }

    // (b) memory: a 98% unchanged sync of seeded profiles (read back from a first emulator; every
    // emulator seeds the same rows), by ours and by a raw fetch loop, each against a fresh emulator
    const file = join(dir, 'sync.csv');
    const source = await startEmulatorProcess({ profiles: rssRows });
    let rowCount = 0;
    try {
      const client = createOurClient(source);
      const lines = ['email,firstName,lastName'];
      for await (const p of client.profiles.list({ pageSize: 500 })) {
        const i = rowCount++;
        const changed = i % 100 === 1 ? `${p.lastName}x` : p.lastName;
        lines.push(i % 100 === 2 ? `new${i}@bench.test,New,Row${i}` : `${p.email},${p.firstName},${changed}`);
      }
      writeFileSync(file, `${lines.join('\n')}\n`);
    } finally {
      await source.stop();
    }
    // the same 50 new profiles warm each variant up, each against its own fresh emulator
    const warmupFile = join(dir, 'warmup.csv');
    newProfilesCsv(warmupFile, 50, 1_000_000);
    const memory = [];
    for (const variant of ['ours', 'raw']) {
      const emulator = await startEmulatorProcess({ profiles: rssRows });
      try {
        const { result } = await runWorker(
          'bulk',
          { variant, emulator, file, concurrency, warmupFile },
          { nodeArgs: ['--expose-gc'], timeoutMs: 3_600_000 },
        );
        memory.push({
          variant,
          label: MEMORY_LABELS[variant],
          rows: rowCount,
          seconds: result.elapsedMs / 1000,
          rowsPerSecond: rowCount / (result.elapsedMs / 1000),
          counts: result.counts,
          rssGrowthMB: result.rssGrowthBytes / MB,
          heapRetainedMB: result.heapRetainedBytes / MB,
          baselineRssMB: result.baselineRssBytes / MB,
        });
      } finally {
        await emulator.stop();
      }
    }
    const oursMemory = memory.find((m) => m.variant === 'ours');
    const rawMemory = memory.find((m) => m.variant === 'raw');
    oursMemory.rssGrowthVsRaw = ratio(oursMemory.rssGrowthMB, rawMemory.rssGrowthMB);

    const ours = rate.find((r) => r.variant === 'ours');
    return {
      requestsPerSecond,
      concurrency,
      rate,
      memory,
      goals: [
        {
          text: 'ours: admitted requests at least 90% of the limit, every row once',
          met: ours.shareOfLimit >= 0.9 && ours.written === rows && ours.duplicates === 0,
        },
        {
          text: `ours: peak RSS growth importing ${rowCount.toLocaleString('en-US')} rows under 50 MB`,
          note: `${oursMemory.rssGrowthMB.toFixed(1)} MB; a raw fetch loop doing the same sync: ${rawMemory.rssGrowthMB.toFixed(1)} MB`,
          met: oursMemory.rssGrowthMB < 50,
        },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
