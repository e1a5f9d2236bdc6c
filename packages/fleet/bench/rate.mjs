#!/usr/bin/env node
// The fleet's write rate against a rate-limited emulator: 1, 2 and 4 worker processes import the
// same kind of rows with the shared budget and without it (each worker's own AIMD controller only).
// Prints, per run: requests per second over the budget (the ratio) and 429s per 1,000 calls.
// Usage (after `pnpm build`): node bench/rate.mjs [--budget 40] [--rows 300] [--workers 1,2,4]
// Needs redis-server (apt-get install redis-server).
import { fork, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmulator } from '@campaign-standard/emulator';
import { createFleet } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    budget: { type: 'string', default: '40' },
    rows: { type: 'string', default: '300' },
    workers: { type: 'string', default: '1,2,4' },
  },
});
const R = Number(values.budget);
const ROWS = Number(values.rows);
const SIZES = values.workers.split(',').map(Number);
const PROCESS = fileURLToPath(new URL('../test/fixtures/fleet-process.mjs', import.meta.url));

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const port = await freePort();
const redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
  stdio: 'ignore',
});
const redisUrl = `redis://127.0.0.1:${port}`;
const emulator = await startEmulator({ rateLimit: { requestsPerSecond: R } });
const c = emulator.credentials;

function start(config) {
  const child = fork(PROCESS, [], {
    env: { ...process.env, FLEET_TEST_CONFIG: JSON.stringify(config) },
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker exited (${code})`)));
    child.on('message', (message) => {
      if (message?.type === 'ready') resolve(child);
    });
  });
}

function close(child) {
  return new Promise((resolve) => {
    child.on('message', (message) => {
      if (message?.type === 'closed') resolve(message);
    });
    child.send({ type: 'close' });
  });
}

const results = [];
let run = 0;
for (const workers of SIZES) {
  for (const budget of [true, false]) {
    run++;
    const queueName = `bench${run}`;
    const config = {
      role: 'worker',
      redisUrl,
      imsUrl: emulator.imsUrl,
      baseUrl: emulator.baseUrl,
      tenant: c.tenant,
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      orgId: c.orgId,
      scopes: c.scopes,
      budget,
      requestsPerSecond: R,
      queueName,
      rowConcurrency: 8,
    };
    const children = await Promise.all(Array.from({ length: workers }, () => start(config)));
    const fleet = createFleet({ redis: redisUrl, queueName });
    emulator.setRateLimit({ requestsPerSecond: R }); // a full bucket for each run
    emulator.stats.reset();
    const rows = Array.from({ length: ROWS }, (_, i) => ({
      email: `r${run}.${i}@bench.example`,
      lastName: `Row${i}`,
    }));
    const { jobId } = await fleet.enqueueImport({
      resource: 'profile',
      key: 'email',
      source: rows,
      chunkSize: 25,
    });
    await fleet.waitFor(jobId, { intervalMs: 100 });
    await Promise.all(children.map(close));
    await fleet.close();
    const api = emulator.stats.requests().filter((entry) => entry.target === 'api');
    const times = api.map((entry) => entry.time);
    const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
    const accepted = api.filter((entry) => entry.status !== 429).length;
    const limited = emulator.stats.rateLimited();
    const result = {
      workers,
      budget: budget ? 'shared' : 'none',
      calls: api.length,
      acceptedPerSecond: Number((accepted / seconds).toFixed(1)),
      ratio: Number((accepted / seconds / R).toFixed(2)),
      callsPerSecond: Number((api.length / seconds).toFixed(1)),
      per1000: Number(((limited / api.length) * 1000).toFixed(1)),
      seconds: Number(seconds.toFixed(1)),
    };
    results.push(result);
    console.log(JSON.stringify(result));
  }
}

console.log(
  `\nBudget ${R} requests/s, ${ROWS} new profiles per run (a look-up and a create each), 8 requests in flight per worker\n`,
);
console.log(
  '| workers | shared budget | calls | accepted/s | ratio to budget | 429s per 1,000 calls | seconds |',
);
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.workers} | ${r.budget === 'shared' ? 'yes' : 'no'} | ${r.calls} | ${r.acceptedPerSecond} | ${r.ratio} | ${r.per1000} | ${r.seconds} |`,
  );
}
await emulator.stop();
redis.kill();
