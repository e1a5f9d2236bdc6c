import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/exit-codes.js';
import { baseEnv, emulatorEnv, runAcs, tempDir } from './helpers.js';

let emulator: Emulator;
let cwd: string;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 5 });
  cwd = tempDir();
  env = baseEnv(tempDir(), emulatorEnv(emulator));
});
afterAll(async () => {
  await emulator?.stop();
});

const acs = (args: string[]) => runAcs(args, { env, cwd });

describe('acs types generate', () => {
  it('writes the module and its snapshot, the same twice, and --check passes until the files change', async () => {
    const written = await acs(['types', 'generate', '--out', 'campaign-schema.ts', '--date', '2026-03-04']);
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    expect(written.stdout).toContain(
      'wrote campaign-schema.ts and campaign-schema.json: 5 resources of tenant acme',
    );
    const module = readFileSync(join(cwd, 'campaign-schema.ts'), 'utf8');
    expect(module).toContain('// Campaign schema of tenant "acme", read from its metadata on 2026-03-04.');
    expect(module).toContain('export type CusVehicleRecord = {');
    expect(module).toContain('cusSegment: "churned" | "customer" | "prospect" | "vip";');
    const snapshotText = readFileSync(join(cwd, 'campaign-schema.json'), 'utf8');
    // Nothing of the credentials reaches the files or the output.
    for (const text of [module, snapshotText, written.stdout])
      expect(text).not.toContain(emulator.credentials.clientSecret);
    const snapshot = JSON.parse(snapshotText);
    expect(snapshot.resources.map((r: { name: string }) => r.name)).toEqual([
      'cusStore',
      'cusVehicle',
      'cusLoyalty',
    ]);

    const again = await acs(['types', 'generate', '--out', 'again.ts', '--date', '2026-03-04']);
    expect(again.code).toBe(0);
    expect(readFileSync(join(cwd, 'again.ts'), 'utf8')).toBe(module);

    // Another day: the check compares with the day the file names.
    const check = await acs(['types', 'generate', '--out', 'campaign-schema.ts', '--check']);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);

    writeFileSync(join(cwd, 'campaign-schema.ts'), module.replace('  cusVip: boolean;\n', ''));
    const stale = await acs(['types', 'generate', '--out', 'campaign-schema.ts', '--check']);
    expect(stale.code).toBe(EXIT_CODES.outdated);
    expect(stale.stderr).toContain('campaign-schema.ts differs from the schema of tenant acme');
    expect(stale.stderr).toContain('acs types generate --out campaign-schema.ts');
    // --check writes nothing.
    expect(readFileSync(join(cwd, 'campaign-schema.ts'), 'utf8')).not.toBe(module);

    const missing = await acs(['types', 'generate', '--out', 'nowhere.ts', '--check']);
    expect(missing.code).toBe(EXIT_CODES.outdated);
  }, 90_000);

  it('refuses a malformed --date and a missing --out', async () => {
    expect((await acs(['types', 'generate', '--out', 'x.ts', '--date', 'tomorrow'])).code).toBe(
      EXIT_CODES.usage,
    );
    expect((await acs(['types', 'generate'])).code).toBe(EXIT_CODES.usage);
  }, 60_000);
});
