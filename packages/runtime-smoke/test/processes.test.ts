import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { runtimeBinary, runtimeVersion } from '@campaign-standard/runtimes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDK_PACKAGES, SMOKE_CHECKS } from '../src/smoke.js';
import { type Control, smokeConfig, startControl } from './control.js';

/**
 * The smoke suite (src/smoke.ts, built to dist/cli.js) run by each runtime that runs a program,
 * against an emulator in this Node process. The runtimes come from the npm registry through the
 * lockfile (packages/runtimes); none is skipped: a missing binary fails its row.
 */

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const PROFILES = 35;
const DEBUG = process.env.SMOKE_DEBUG;

interface Runtime {
  name: string;
  binary: () => string | undefined;
  /** Arguments before the script. */
  args: string[];
}

const RUNTIMES: Runtime[] = [
  { name: 'node-20', binary: () => process.execPath, args: [] },
  { name: 'node-22', binary: () => runtimeBinary('node-22'), args: [] },
  { name: 'node-24', binary: () => runtimeBinary('node-24'), args: [] },
  // Deno with the fewest permissions: the network (loopback) and reading the workspace. No
  // --allow-env: a package that read the environment at import or in these calls would fail here.
  {
    name: 'deno',
    binary: () => runtimeBinary('deno'),
    args: ['run', '--allow-net=127.0.0.1', `--allow-read=${REPO}`],
  },
  { name: 'bun', binary: () => runtimeBinary('bun'), args: [] },
];

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** Runs the CLI of the smoke suite in a runtime; its one JSON line, and everything it printed. */
function runIn(binary: string, args: string[]): Promise<{ checks: Check[]; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd: REPO, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve({ checks: (JSON.parse(line) as { checks: Check[] }).checks, output: stdout + stderr });
      } catch {
        reject(new Error(`exit ${code}, no result line:\n${stdout}\n${stderr}`));
      }
    });
  });
}

describe.each(RUNTIMES)('$name', (runtime) => {
  let emulator: Emulator;
  let control: Control;
  let result: { checks: Check[]; output: string };
  const config = () => smokeConfig(emulator, runtime.name, PROFILES);

  beforeAll(async () => {
    const binary = runtime.binary();
    if (!binary) throw new Error(`${runtime.name}: no binary for ${process.platform}-${process.arch}`);
    emulator = await startEmulator({ profiles: PROFILES, seed: 18 });
    control = await startControl(emulator, config());
    result = await runIn(binary, [...runtime.args, CLI, control.url]);
    console.log(`${runtime.name} ${runtimeVersion(binary)}`);
    if (DEBUG) console.log(JSON.stringify(result.checks, null, 1));
  }, 60_000);
  afterAll(async () => {
    await control?.close();
    await emulator?.stop();
  });

  const named = (name: string) => result.checks.find((check) => check.name === name);

  it.each(SMOKE_CHECKS)('%s', (name) => {
    const check = named(name);
    expect(check, `${name} did not run`).toBeDefined();
    expect(check!.ok, `${name}: ${check!.detail}`).toBe(true);
  });

  /**
   * Deno runs the suite with --allow-net and --allow-read only, and refuses these imports for what
   * a dependency asks as it loads: the CLI's env-paths the home directory (the CLI test gives it
   * that permission), fleet's BullMQ dependencies NODE_ENV (--allow-env).
   */
  const DENO_REFUSALS: Readonly<Record<string, RegExp>> = {
    'import @campaign-standard/cli': /Requires sys access to "homedir"/,
    'import @campaign-standard/fleet': /Requires env access to "NODE_ENV"/,
  };

  it('imports every package of the SDK, and runs the emulator itself', () => {
    const imports = result.checks.filter((check) => check.name.startsWith('import '));
    expect(imports.map((check) => check.name)).toEqual(SDK_PACKAGES.map(([name]) => `import ${name}`));
    for (const check of imports) {
      const refusal = runtime.name === 'deno' ? DENO_REFUSALS[check.name] : undefined;
      if (refusal) expect(check.detail).toMatch(refusal);
      else expect(check.ok, `${check.name}: ${check.detail}`).toBe(true);
    }
    expect(named('emulator')?.ok, named('emulator')?.detail).toBe(true);
  });

  it('re-authenticated once after the 401: one OAuth and one JWT token, then one more', () => {
    expect(emulator.stats.tokenRequests({ grant: 'client_credentials', outcome: 'success' })).toBe(2);
    expect(emulator.stats.tokenRequests({ grant: 'jwt', outcome: 'success' })).toBe(1);
    expect(emulator.stats.apiRequests({ status: 401 })).toBe(1);
  });

  it('prints no secret: not the client secret, the private key or a token', () => {
    const { clientSecret, privateKey } = emulator.credentials;
    expect(result.output).not.toContain(clientSecret);
    expect(result.output).not.toContain(privateKey.split('\n')[1]);
    expect(result.output).not.toMatch(/eyJ[\w-]{20,}/);
  });
});
