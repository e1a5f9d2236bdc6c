import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ profiles: 5 });
});
afterAll(async () => {
  await emulator?.stop();
});

function run(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const fixtures = join(import.meta.dirname, 'fixtures');
  const { clientId, clientSecret, orgId, scopes } = emulator.credentials;
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', join(fixtures, 'hide-otel.mjs'), join(fixtures, 'without-otel.mjs')],
      {
        env: {
          ...process.env,
          WITHOUT_OTEL_SETTINGS: JSON.stringify({ url: emulator.url, clientId, clientSecret, orgId, scopes }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('without @opentelemetry/api installed', () => {
  it('the client imports, calls and logs as usual, and telemetry is known absent', async () => {
    const { code, stdout, stderr } = await run();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const seen = JSON.parse(stdout);
    expect(seen).toMatchObject({ records: 2, loaded: false, imported: false });
    expect(seen.error).toBeUndefined();
    expect(seen.lines.some((line: string) => line.startsWith('Access token fetched from IMS'))).toBe(true);
  }, 60_000);
});
