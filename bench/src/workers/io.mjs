// The worker side of `lib/worker.mjs`: input from BENCH_INPUT, marks and the result on stdout.
import { writeSync } from 'node:fs';

/** The input the runner gave this worker. */
export const input = JSON.parse(process.env.BENCH_INPUT ?? '{}');

/**
 * Tells the runner a milestone was reached (it timestamps the line on arrival).
 *
 * @param {string} name
 */
export function mark(name) {
  writeSync(1, `MARK ${name}\n`);
}

/**
 * Hands the result to the runner and ends the process (open keep-alive sockets must not delay it).
 *
 * @param {unknown} result
 */
export function report(result) {
  writeSync(1, `BENCH_RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
}

/** Peak resident set size of this process so far, in bytes. */
export function peakRss() {
  return process.resourceUsage().maxRSS * 1024;
}

/** CPU time (user + system) this process has used since it started, in milliseconds. */
export function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
