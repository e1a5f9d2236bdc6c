// Scenario 7: import the profiles of a CSV file, one variant per process:
// - `ours`: importRecords of @campaign-standard/bulk (upsert by email, AIMD, journal), its client
//   leaving 429 to the job;
// - `naive`: what users write today: a fixed-concurrency Promise.all loop of client.profiles.create;
// - `peer`: @adobe/aio-lib-campaign-standard's createProfile in a loop;
// - `raw`: the same sync as `ours` with nothing but global fetch (a look-up by e-mail, then a
//   PATCH of what changed or a POST), at the same concurrency: the platform's own memory floor.
// Reports the time taken, the rows written and failed, and (ours, raw) the peak RSS growth.
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { importRecords, readCsv } from '@campaign-standard/bulk';
import { createOurClient } from '../lib/ours.mjs';
import { initAioCampaign } from '../lib/peers.mjs';
import { rawHeaders, rawToken } from '../lib/raw.mjs';
import { input, report } from './io.mjs';

const { variant, emulator, file, concurrency, warmupFile } = input;

/** One line of the benchmark's CSV (plain: no quoted fields) as a record of the header's `names`. */
const rowOf = (names, line) => Object.fromEntries(line.split(',').map((value, i) => [names[i], value]));

/** The rows of the benchmark's CSV (a header, then plain lines). */
function plainRows(path) {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header.split(',');
  return lines.map((line) => rowOf(names, line));
}

/** The heap used after full collections (run with --expose-gc). */
const collect = () => {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};

let peak = 0;
const sampleRss = () => {
  const rss = process.memoryUsage.rss();
  if (rss > peak) peak = rss;
};

/**
 * The sync with global fetch only: rows read line by line (the benchmark's CSV has no quoting),
 * `concurrency` rows in flight, each looked up by e-mail, then patched if a field differs or
 * created if absent. No journal, no retry: the floor any fetch-based job stands on.
 */
async function rawSync(path) {
  const headers = rawHeaders(emulator, await rawToken(emulator));
  const json = { ...headers, 'content-type': 'application/json;charset=utf-8' };
  const profiles = `${emulator.baseUrl}/${emulator.credentials.tenant}/campaign/profileAndServices/profile`;
  const counts = { created: 0, updated: 0, unchanged: 0, refused: 0 };
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })[
    Symbol.asyncIterator
  ]();
  const names = (await lines.next()).value.split(',');
  const expect = async (response, status) => {
    const body = await response.text();
    if (response.status !== status) throw new Error(`HTTP ${response.status}: ${body.slice(0, 200)}`);
    return body;
  };
  const one = async (line) => {
    const row = rowOf(names, line);
    const found = JSON.parse(
      await expect(
        await fetch(`${profiles}/byEmail?email=${encodeURIComponent(row.email)}`, { headers }),
        200,
      ),
    ).content[0];
    if (!found) {
      await expect(await fetch(profiles, { method: 'POST', headers: json, body: JSON.stringify(row) }), 201);
      counts.created++;
      return;
    }
    const changes = Object.fromEntries(Object.entries(row).filter(([name, value]) => found[name] !== value));
    if (Object.keys(changes).length === 0) {
      counts.unchanged++;
      return;
    }
    await expect(
      await fetch(found.href, { method: 'PATCH', headers: json, body: JSON.stringify(changes) }),
      200,
    );
    counts.updated++;
  };
  let done = false;
  const next = async () => {
    const item = await lines.next();
    if (item.done) done = true;
    return item.value;
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let line = await next(); !done; line = await next()) {
        if (line) await one(line);
        sampleRss();
      }
    }),
  );
  return { status: 'completed', counts };
}

if (variant === 'ours' || variant === 'raw') {
  const client = createOurClient(emulator, 'oauth', {}, { retry: { statusCodes: [503, 504] } });
  const job = (path) =>
    variant === 'raw'
      ? rawSync(path)
      : importRecords({
          client,
          resource: 'profile',
          key: 'email',
          source: readCsv(path),
          journal: `${path}.journal.ndjson`,
          concurrency,
          onProgress: sampleRss,
        });
  // Warm-up (token, connections, JIT) on a small file, then the baseline.
  if (warmupFile) await job(warmupFile);
  const heapBaseline = collect();
  const baseline = process.memoryUsage.rss();
  peak = baseline;
  const timer = setInterval(sampleRss, 20);
  const from = Date.now();
  const t0 = performance.now();
  const result = await job(file);
  const elapsedMs = performance.now() - t0;
  clearInterval(timer);
  sampleRss();
  // what the job kept: the heap after a full collection, against the baseline's
  const heapAfter = collect();
  report({
    status: result.status,
    counts: result.counts,
    elapsedMs,
    failed: result.counts.refused,
    rssGrowthBytes: peak - baseline,
    heapRetainedBytes: heapAfter - heapBaseline,
    baselineRssBytes: baseline,
    from,
    to: Date.now(),
  });
} else {
  const rows = plainRows(file);
  let create;
  if (variant === 'naive') {
    const client = createOurClient(emulator);
    create = (row) => client.profiles.create(row);
  } else {
    const campaign = await initAioCampaign(emulator);
    create = (row) => campaign.createProfile(row);
  }
  const failures = {};
  let failed = 0;
  const attempt = async (row) => {
    try {
      await create(row);
    } catch (error) {
      failed++;
      const status = error?.status ?? error?.response?.status ?? error?.code ?? 'error';
      failures[status] = (failures[status] ?? 0) + 1;
    }
  };
  const from = Date.now();
  const t0 = performance.now();
  if (variant === 'naive') {
    for (let i = 0; i < rows.length; i += concurrency) {
      await Promise.all(rows.slice(i, i + concurrency).map(attempt));
    }
  } else {
    for (const row of rows) await attempt(row);
  }
  const elapsedMs = performance.now() - t0;
  report({ elapsedMs, failed, failures, from, to: Date.now() });
}
