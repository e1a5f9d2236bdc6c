import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';

const REDIS_SERVER = process.env['REDIS_SERVER_BIN'] ?? '/usr/bin/redis-server';

/** A real redis-server on a free loopback port, for tests. */
export interface TestRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL): clients see the connection drop. */
  kill(): Promise<void>;
  /** Starts it again on the same port: empty, or with its data when `persistDir` was given. */
  restart(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open, nothing answers. */
  freeze(): void;
  /** Unfreezes it (SIGCONT). */
  thaw(): void;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** How the test server keeps its data. */
export interface TestRedisOptions {
  /**
   * A directory for an append-only file written with `appendfsync always`: a restart (even after
   * SIGKILL) comes back with every write Redis acknowledged. None by default: no persistence.
   */
  persistDir?: string;
}

async function launch(port: number, options: TestRedisOptions): Promise<ChildProcess> {
  const persistence = options.persistDir
    ? ['--dir', options.persistDir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
    : ['--save', '', '--appendonly', 'no'];
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', ...persistence, '--loglevel', 'warning'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) break;
    if (await answersPing(port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}: ${stderr.trim() || 'no output'}`);
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts Debian's `redis-server` (package `redis-server`) on a free loopback port, with no
 * persistence unless `persistDir` is given. Throws when it is not installed: these tests are part
 * of CI, never skipped.
 */
export async function startRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `${REDIS_SERVER} not found: install it with "apt-get install -y redis-server" (or set REDIS_SERVER_BIN)`,
    );
  }
  const port = await freePort();
  let child = await launch(port, options);
  const kill = async (): Promise<void> => {
    child.kill('SIGKILL');
    await exited(child);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill,
    async restart() {
      await kill();
      child = await launch(port, options);
    },
    freeze: () => {
      child.kill('SIGSTOP');
    },
    thaw: () => {
      child.kill('SIGCONT');
    },
    async stop() {
      child.kill('SIGCONT');
      await kill();
    },
  };
}
