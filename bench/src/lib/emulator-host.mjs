// Runs the emulator in a process of its own, driven over IPC by the benchmark runner, so the
// server's work never competes with the client being measured for the same event loop.
import { startEmulator } from '@campaign-standard/emulator';

const SAMPLE_INTERVAL_MS = 50;
const options = JSON.parse(process.argv[2] ?? '{}');
const emulator = await startEmulator(options);

/** CPU time of this process sampled over wall time, to tell whether the server was saturated. */
const samples = [];
const sample = () => {
  const { user, system } = process.cpuUsage();
  samples.push({ t: Date.now(), cpuMs: (user + system) / 1000 });
  if (samples.length > 20_000) samples.splice(0, 10_000);
};
sample();
setInterval(sample, SAMPLE_INTERVAL_MS).unref();

/** Share of one core used between two epoch times, from the nearest samples. */
function cpuBetween(from, to) {
  sample();
  const first = samples.find((s) => s.t >= from) ?? samples[0];
  const last = [...samples].reverse().find((s) => s.t <= to) ?? samples[samples.length - 1];
  const wall = last.t - first.t;
  return wall > 0 ? (last.cpuMs - first.cpuMs) / wall : undefined;
}

const handlers = {
  tokenRequests: (filter) => emulator.stats.tokenRequests(filter),
  apiRequests: (filter) => emulator.stats.apiRequests(filter),
  rateLimited: (filter) => emulator.stats.rateLimited(filter),
  tokenRequestTimes: () =>
    emulator.stats
      .requests()
      .filter((r) => r.target === 'ims')
      .map((r) => r.time),
  reset: () => emulator.stats.reset(),
  cpuBetween: ({ from, to }) => cpuBetween(from, to),
  inject: (fault) => emulator.faults.inject(fault),
  clearFaults: () => emulator.faults.clear(),
};

process.on('message', async ({ id, op, arg }) => {
  try {
    const value = await handlers[op](arg);
    process.send({ id, value });
  } catch (error) {
    process.send({ id, error: String(error?.message ?? error) });
  }
});
process.on('disconnect', () => {
  emulator.stop().finally(() => process.exit(0));
});

const { url, imsUrl, baseUrl, credentials } = emulator;
process.send({ ready: true, url, imsUrl, baseUrl, credentials });
