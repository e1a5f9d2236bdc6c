import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, emulatorEnvironment, startEmulator } from '@campaign-standard/emulator';
import { runtimeBinary } from '@campaign-standard/runtimes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The `acs` command line run by each runtime against the emulator (Node 20, the machine's, runs
 * it in packages/cli's own suite): a list, then a count that
 * reuses the token the first command cached in its file store (the file system, in every runtime).
 */

const BIN = fileURLToPath(import.meta.resolve('@campaign-standard/cli/package.json')).replace(
  /package\.json$/,
  'dist/bin.js',
);

interface CliRuntime {
  name: string;
  binary: () => string | undefined;
  args: (configDir: string) => string[];
}

const RUNTIMES: CliRuntime[] = [
  { name: 'node-22', binary: () => runtimeBinary('node-22'), args: () => [] },
  { name: 'node-24', binary: () => runtimeBinary('node-24'), args: () => [] },
  { name: 'bun', binary: () => runtimeBinary('bun'), args: () => [] },
  // The CLI reads its settings from the environment and keeps its token cache in a file; its
  // env-paths dependency asks for the home directory when it loads, and the file store checks the
  // owner of the token file (uid).
  {
    name: 'deno',
    binary: () => runtimeBinary('deno'),
    args: (configDir) => [
      'run',
      '--allow-net=127.0.0.1',
      '--allow-read',
      `--allow-write=${configDir}`,
      '--allow-env',
      '--allow-sys=homedir,uid',
    ],
  },
];

function acs(
  runtime: CliRuntime,
  configDir: string,
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const binary = runtime.binary();
  if (!binary) throw new Error(`${runtime.name}: no binary for ${process.platform}-${process.arch}`);
  return new Promise((resolve) => {
    execFile(
      binary,
      [...runtime.args(configDir), BIN, ...args],
      { env, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

describe.each(RUNTIMES)('acs in $name', (runtime) => {
  let emulator: Emulator;
  let configDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    emulator = await startEmulator({ profiles: 30, seed: 18 });
    configDir = mkdtempSync(join(tmpdir(), `acs-${runtime.name}-`));
    env = {
      PATH: process.env.PATH ?? '',
      NO_COLOR: '1',
      ACS_CONFIG_DIR: configDir,
      ...emulatorEnvironment(emulator),
    };
  });
  afterAll(async () => {
    await emulator?.stop();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  it('lists profiles as JSON, then counts them with the token it cached in its file', async () => {
    const list = await acs(runtime, configDir, env, [
      'profiles',
      'list',
      '--limit',
      '12',
      '--output',
      'json',
    ]);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    const profiles = JSON.parse(list.stdout) as Array<{ PKey: string }>;
    expect(new Set(profiles.map((profile) => profile.PKey)).size).toBe(12);

    const count = await acs(runtime, configDir, env, ['profiles', 'list', '--count', '--output', 'json']);
    expect(count.code, count.stderr).toBe(0);
    expect(count.stdout).toMatch(/\b30\b/);
    expect(emulator.stats.tokenRequests({ outcome: 'success' })).toBe(1);
    expect(list.stdout + count.stdout + count.stderr).not.toContain(emulator.credentials.clientSecret);
  }, 120_000); // two fresh processes of a runtime: seconds each, many more on a busy machine
});
