import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, emulatorEnvironment } from '@campaign-standard/emulator';

/** The built binary, spawned as a user would. */
export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');

/** What one run of `acs` produced. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh empty directory. */
export function tempDir(prefix = 'acs-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A clean environment: no ACS_* from the developer's shell, no colours, an isolated config dir. */
export function baseEnv(
  configDir: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('ACS_') && key !== 'CI' && key !== 'FORCE_COLOR')
      env[key] = value;
  env['ACS_CONFIG_DIR'] = configDir;
  env['NO_COLOR'] = '1';
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** The `ACS_*` settings that point at the emulator's demo client (OAuth Server-to-Server). */
export function emulatorEnv(emulator: Emulator): Record<string, string> {
  return emulatorEnvironment(emulator);
}

/** Runs `node dist/bin.js <args>`; never rejects. */
export function runAcs(
  args: string[],
  options: { env: Record<string, string>; cwd: string },
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: options.env, cwd: options.cwd, timeout: 45_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
