import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { runtimeBinary } from '@campaign-standard/runtimes';

/** A Worker served by a workerd process of its own. */
export interface WorkerdServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  stop(): Promise<void>;
}

/**
 * Serves one ES module Worker with the workerd binary of the npm registry (`packages/runtimes`),
 * as wrangler deploys it: no miniflare in between. Outbound `fetch` may reach loopback (the
 * emulator); workerd reports the port it listened on through its control pipe.
 */
export async function serveWithWorkerd(
  code: string,
  options: { compatibilityDate: string; compatibilityFlags: string[] },
): Promise<WorkerdServer> {
  const binary = runtimeBinary('workerd');
  if (!binary) throw new Error(`workerd: no binary for ${process.platform}-${process.arch}`);
  const dir = mkdtempSync(join(tmpdir(), 'acs-workerd-'));
  writeFileSync(join(dir, 'worker.js'), code);
  const flags = options.compatibilityFlags.map((flag) => JSON.stringify(flag)).join(', ');
  writeFileSync(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = ${JSON.stringify(options.compatibilityDate)},
  compatibilityFlags = [${flags}],
);
`,
  );
  const child: ChildProcess = spawn(binary, ['serve', 'config.capnp', '--control-fd=3'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let lines = '';
      (child.stdio[3] as Readable).on('data', (chunk: Buffer) => {
        lines += chunk.toString('utf8');
        for (const line of lines.split('\n')) {
          try {
            const event = JSON.parse(line) as { event?: string; socket?: string; port?: number };
            if (event.event === 'listen' && event.socket === 'http' && event.port) resolve(event.port);
          } catch {
            // a partial line: more is coming
          }
        }
      });
      child.once('exit', (code) =>
        reject(new Error(`workerd exited with ${code} before listening:\n${stderr}`)),
      );
      child.once('error', reject);
    });
    return { origin: `http://127.0.0.1:${port}`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
