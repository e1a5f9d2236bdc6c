import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export { seededRandom } from '../../bulk/test/processes.js';

const PROCESS = fileURLToPath(new URL('./fixtures/fleet-process.mjs', import.meta.url));

/** What a test fleet process needs. */
export interface ProcessConfig {
  role: 'worker' | 'caller';
  redisUrl: string;
  imsUrl: string;
  baseUrl: string;
  tenant: string;
  clientId: string;
  clientSecret: string;
  orgId: string;
  scopes: string[];
  /** Whether the process draws from the shared rate budget. */
  budget: boolean;
  requestsPerSecond: number;
  queueName?: string;
  rowConcurrency?: number;
  chunkConcurrency?: number;
  reconcileDelayMs?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** A fleet process, driven over IPC. */
export interface FleetProcess {
  readonly pid: number;
  /** Sends a message and resolves with the next message of type `reply`. */
  finish<T>(message: string, reply: string): Promise<T>;
  /** SIGKILL: no cleanup at all. */
  kill(): Promise<void>;
  /** Everything it wrote to stdout and stderr. */
  output(): string;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Forks a fleet process and waits until it is ready. */
export async function startProcess(config: ProcessConfig): Promise<FleetProcess> {
  const child = fork(PROCESS, [], {
    env: { ...process.env, FLEET_TEST_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`fleet process exited (${code}): ${output}`));
    child.once('exit', onExit);
    child.on('message', (message: { type?: string }) => {
      if (message?.type !== 'ready') return;
      child.off('exit', onExit);
      resolve();
    });
  });
  return {
    pid: child.pid ?? 0,
    finish<T>(message: string, reply: string) {
      return new Promise<T>((resolve, reject) => {
        const onExit = (code: number | null) =>
          reject(new Error(`fleet process exited (${code}) before "${reply}": ${output}`));
        child.once('exit', onExit);
        child.on('message', (answer: { type?: string }) => {
          if (answer?.type !== reply) return;
          child.off('exit', onExit);
          resolve(answer as T);
        });
        child.send({ type: message });
      });
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    output: () => output,
  };
}
