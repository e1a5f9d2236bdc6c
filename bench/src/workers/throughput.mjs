// Scenario 3: N GETs of one profile at a fixed concurrency, after a warm-up; per-request latency.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { createCompat, createOurClient } from '../lib/ours.mjs';
import { initAioCampaign } from '../lib/peers.mjs';
import { profileUrl, rawHeaders, rawToken } from '../lib/raw.mjs';
import { input, report } from './io.mjs';

const { variant, requests, warmup, concurrency, emulator, pkey } = input;

/** @type {() => Promise<void>} */
let get;
if (variant === 'raw') {
  const url = profileUrl(emulator, pkey);
  const headers = rawHeaders(emulator, await rawToken(emulator));
  get = async () => {
    const res = await fetch(url, { headers });
    await res.json();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  };
} else if (variant === 'ky') {
  // The client's own ky (same copy, same version), with the options the client gives each attempt
  // and the raw series' headers: what the client costs above its transport.
  const ky = await loadClientKy();
  const url = profileUrl(emulator, pkey);
  const headers = rawHeaders(emulator, await rawToken(emulator));
  const options = { headers, retry: 0, timeout: 30_000, throwHttpErrors: false, redirect: 'manual' };
  get = async () => {
    const res = await ky(url, options);
    await res.json();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  };
} else if (variant === 'ours') {
  const client = createOurClient(emulator);
  get = async () => {
    await client.profiles.get(pkey);
  };
} else if (variant === 'compat') {
  // Adobe's functions on our client (@campaign-standard/aio-compat), with our OAuth strategy.
  const campaign = await createCompat(emulator);
  get = async () => {
    const res = await campaign.getProfile(pkey);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  };
} else {
  const campaign = await initAioCampaign(emulator);
  get = async () => {
    const res = await campaign.getProfile(pkey);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  };
}

/** ky as `@campaign-standard/client` resolves it (the bench does not depend on ky itself). */
async function loadClientKy() {
  const fromBench = createRequire(import.meta.url);
  const fromClient = createRequire(fromBench.resolve('@campaign-standard/client/package.json'));
  return (await import(pathToFileURL(fromClient.resolve('ky')).href)).default;
}

async function drive(total, latencies) {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        try {
          await get();
        } catch {
          failed++;
        }
        if (latencies) latencies[i] = performance.now() - t0;
      }
    }),
  );
  return failed;
}

await drive(warmup);
const latencies = new Float64Array(requests);
const cpu0 = process.cpuUsage();
const from = Date.now();
const t0 = performance.now();
const failed = await drive(requests, latencies);
const elapsedMs = performance.now() - t0;
const to = Date.now();
const cpu = process.cpuUsage(cpu0);
latencies.sort();
const at = (p) => latencies[Math.min(requests - 1, Math.ceil((p / 100) * requests) - 1)];
report({
  requests,
  failed,
  elapsedMs,
  perSecond: (requests / elapsedMs) * 1000,
  p50Ms: at(50),
  p99Ms: at(99),
  clientCpu: (cpu.user + cpu.system) / 1000 / elapsedMs,
  from,
  to,
});
