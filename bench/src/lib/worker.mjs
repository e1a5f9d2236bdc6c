import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RESULT_PREFIX = 'BENCH_RESULT ';

/**
 * Path of a worker script in `src/workers`.
 *
 * @param {string} name file name without `.mjs`
 */
export function workerPath(name) {
  return fileURLToPath(new URL(`../workers/${name}.mjs`, import.meta.url));
}

/**
 * Runs a worker in a fresh Node process and resolves with the JSON it reports, plus the times
 * (milliseconds since spawn) at which it printed each `MARK <name>` line.
 *
 * @param {string} name worker name (`src/workers/<name>.mjs`)
 * @param {unknown} input handed to the worker as `BENCH_INPUT`
 * @param {{ env?: Record<string, string>, cwd?: string, timeoutMs?: number, nodeArgs?: string[], runtime?: string }} [options]
 *   `runtime`: the binary to run the worker with instead of this Node (`nodeArgs` are its arguments)
 * @returns {Promise<{ result: any, marks: Record<string, number>, exitMs: number }>}
 */
export function runWorker(name, input, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      options.runtime ?? process.execPath,
      [...(options.nodeArgs ?? []), workerPath(name)],
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env, BENCH_INPUT: JSON.stringify(input) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const marks = {};
    let result;
    let buffered = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      const at = performance.now() - started;
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith('MARK ')) marks[line.slice(5).trim()] = at;
        else if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length));
        newline = buffered.indexOf('\n');
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const exitMs = performance.now() - started;
      if (code !== 0 || result === undefined) {
        reject(new Error(`worker ${name} ended with ${signal ?? code} and no result\n${stderr}`));
      } else resolve({ result, marks, exitMs });
    });
  });
}

/**
 * Times a plain command from spawn to exit.
 *
 * @param {string[]} args arguments of `node`
 * @param {string} [runtime] another runtime's binary to run instead of this Node
 * @returns {Promise<{ exitMs: number, stdout: string }>}
 */
export function timeNode(args, runtime = process.execPath) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(runtime, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const exitMs = performance.now() - started;
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited with ${code}`));
      else resolve({ exitMs, stdout });
    });
  });
}
