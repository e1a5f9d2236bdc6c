import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The script that runs a bulk job in its own process. */
export const RUN_JOB = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'run-job.mjs');

/** A seeded generator (mulberry32): the same seed gives the same inputs and kill points. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Counts the lines of a growing file, reading only what was added since the last call. */
export function lineCounter(path: string): { count(): number; close(): void } {
  let fd: number | undefined;
  let offset = 0;
  let lines = 0;
  const buffer = Buffer.alloc(1 << 16);
  const count = () => {
    if (fd === undefined) {
      if (!existsSync(path)) return 0;
      fd = openSync(path, 'r');
    }
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, offset);
      if (read <= 0) break;
      offset += read;
      for (let i = 0; i < read; i++) if (buffer[i] === 10) lines++;
    }
    return lines;
  };
  return {
    count,
    close: () => {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/** How a run of the job process ended. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The job's result line, when it ended by itself. */
  result: Record<string, unknown> | undefined;
}

/**
 * Runs the job script. With `killAt`, SIGKILLs it as soon as the watched file has that many lines
 * (progress measured in journal lines, not in time).
 */
export function runJobProcess(
  env: Record<string, string>,
  killAt?: { file: string; lines: number },
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN_JOB], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    let watch: NodeJS.Timeout | undefined;
    const counter = killAt ? lineCounter(killAt.file) : undefined;
    if (killAt && counter) {
      watch = setInterval(() => {
        if (counter.count() >= killAt.lines) {
          child.kill('SIGKILL');
          clearInterval(watch);
        }
      }, 5);
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (watch) clearInterval(watch);
      counter?.close();
      const last = stdout.trim().split('\n').at(-1);
      let result: Record<string, unknown> | undefined;
      try {
        result = last ? (JSON.parse(last) as Record<string, unknown>) : undefined;
      } catch {
        result = undefined;
      }
      resolve({ code, signal, stdout, stderr, result });
    });
  });
}

/** A clean environment for the job process: PATH and the given settings, nothing of the developer's ACS_*. */
export function jobEnvironment(settings: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('ACS_') && !key.startsWith('BULK_')) env[key] = value;
  return { ...env, ...settings };
}
