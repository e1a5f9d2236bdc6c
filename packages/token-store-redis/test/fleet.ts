import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('./fixtures/fleet-worker.mjs', import.meta.url));

/** What a fleet worker process needs to reach the emulator and Redis. */
export interface FleetConfig {
  redisUrl: string;
  imsUrl: string;
  clientId: string;
  clientSecret: string;
  orgId: string;
  scopes: string[];
}

/** A worker process, driven over IPC. */
export interface FleetWorker {
  ask<T>(type: string, args?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
  /** Everything the process wrote to stdout and stderr. */
  output(): string;
}

/** Forks one worker process and waits until it is ready. */
export async function startWorker(config: FleetConfig): Promise<FleetWorker> {
  const child: ChildProcess = fork(WORKER, [], {
    env: { ...process.env, FLEET_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fleet worker exited (${code}): ${output}`)));
    child.on('message', (message: { ready?: boolean; id?: number; result?: unknown; error?: string }) => {
      if (message.ready) resolve();
      const waiter = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiter || message.id === undefined) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result);
    });
  });
  return {
    ask<T>(type: string, args: Record<string, unknown> = {}) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, type, ...args });
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
    output: () => output,
  };
}
