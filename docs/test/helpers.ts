import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The docs package folder. */
export const DOCS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root. */
export const REPO_DIR = resolve(DOCS_DIR, '..');

const require = createRequire(join(DOCS_DIR, 'package.json'));

/** Packages users install; each is packed, linted and installed from its tarball. */
export const LIBRARY_PACKAGES = ['core', 'auth-oauth', 'auth-jwt', 'client', 'emulator'] as const;

/** Published packages that join the checks once they are built. */
const LATER_PACKAGES = ['cli', 'bulk', 'token-store-redis', 'proxy', 'aio-compat', 'fleet'];

/** Every package to pack: the libraries, and the others that are built. */
export function packagesToPack(): string[] {
  const built = LATER_PACKAGES.filter((pkg) => existsSync(join(REPO_DIR, 'packages', pkg, 'dist/index.js')));
  return [...LIBRARY_PACKAGES, ...built];
}

/** The workspace's TypeScript compiler (the root devDependency). */
export const TSC = require.resolve('typescript/bin/tsc');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; never rejects on a non-zero exit (tests assert on `code`). */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? DOCS_DIR,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** pnpm as this run was started (`npm_execpath` under `pnpm run`), else the pinned one via npx. */
export function pnpm(): { command: string; prefix: string[] } {
  const execPath = process.env['npm_execpath'];
  if (execPath && /pnpm/.test(execPath)) {
    return /\.c?js$/.test(execPath)
      ? { command: process.execPath, prefix: [execPath] }
      : { command: execPath, prefix: [] };
  }
  return { command: 'npx', prefix: ['-y', 'pnpm@12.4.2'] };
}

/** Fails with the command's output, so a broken run explains itself. */
export function expectSuccess(result: RunResult, what: string): string {
  if (result.code !== 0) {
    throw new Error(
      `${what} exited with ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return result.stdout;
}
