// Scenario 6: iterate N profiles page by page; records per second and peak RSS growth.
import { createOurClient } from '../lib/ours.mjs';
import { rawHeaders, rawToken } from '../lib/raw.mjs';
import { input, report } from './io.mjs';

const { variant, records, pageSize, emulator } = input;
const first = `${emulator.baseUrl}/${emulator.credentials.tenant}/campaign/profileAndServices/profile?_lineCount=${pageSize}`;

let peak = 0;
const sampleRss = () => {
  const rss = process.memoryUsage.rss();
  if (rss > peak) peak = rss;
};

/** @type {(limit: number, onPage: () => void) => Promise<number>} */
let iterate;
if (variant === 'raw') {
  const headers = rawHeaders(emulator, await rawToken(emulator));
  iterate = async (limit, onPage) => {
    let seen = 0;
    let url = first;
    while (url && seen < limit) {
      const res = await fetch(url, { headers });
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      const page = await res.json();
      for (const record of page.content) {
        if (typeof record.PKey === 'string') seen++;
        if (seen >= limit) break;
      }
      onPage();
      url = page.next?.href;
    }
    return seen;
  };
} else {
  const client = createOurClient(emulator);
  iterate = async (limit, onPage) => {
    let seen = 0;
    let inPage = 0;
    for await (const record of client.profiles.list({ pageSize })) {
      if (typeof record.PKey === 'string') seen++;
      if (++inPage === pageSize) {
        inPage = 0;
        onPage();
      }
      if (seen >= limit) break;
    }
    return seen;
  };
}

// Warm-up: token, connections, JIT; then the baseline. Run with --expose-gc: the heap left after
// a full collection, before and after, tells retained memory from garbage not yet collected.
const collect = () => {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};
await iterate(pageSize * 2, () => {});
const heapBaseline = collect();
const baseline = process.memoryUsage.rss();
peak = baseline;
const from = Date.now();
const t0 = performance.now();
const seen = await iterate(records, sampleRss);
const elapsedMs = performance.now() - t0;
sampleRss();
const heapRetainedBytes = collect() - heapBaseline;
report({
  heapRetainedBytes,
  records: seen,
  elapsedMs,
  perSecond: (seen / elapsedMs) * 1000,
  rssGrowthBytes: peak - baseline,
  baselineRssBytes: baseline,
  from,
  to: Date.now(),
});
