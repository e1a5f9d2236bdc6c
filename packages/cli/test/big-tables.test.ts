import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, emulatorEnv, runAcs, tempDir } from './helpers.js';

/**
 * Campaign leaves `next` out of lists of tables above its big-table threshold unless asked with
 * `_forcePagination=true`. Against an emulator whose threshold is 25 rows, every list command
 * must still print every one of the 157 profiles, in every output format.
 */

const PROFILES = 157;

let emulator: Emulator;
let env: Record<string, string>;
let cwd: string;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: PROFILES, bigTableThreshold: 25 });
  env = baseEnv(tempDir(), emulatorEnv(emulator));
  cwd = tempDir();
});
afterAll(async () => {
  await emulator?.stop();
});

const acs = (args: string[]) => runAcs(args, { env, cwd });

describe('acs profiles list on a big table', () => {
  it('json: every profile, each once', async () => {
    const { code, stdout, stderr } = await acs(['profiles', 'list', '--page-size', '20']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const records = JSON.parse(stdout) as Array<{ PKey: string }>;
    expect(records).toHaveLength(PROFILES);
    expect(new Set(records.map((record) => record.PKey)).size).toBe(PROFILES);
  });

  it('ndjson with Campaign’s default page size: every profile', async () => {
    const { code, stdout } = await acs(['profiles', 'list', '-o', 'ndjson']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(PROFILES);
    expect(new Set(lines.map((line) => (JSON.parse(line) as { PKey: string }).PKey)).size).toBe(PROFILES);
  });

  it('csv: a header and one row per profile', async () => {
    const { code, stdout } = await acs([
      'profiles',
      'list',
      '-o',
      'csv',
      '--columns',
      'PKey,email',
      '--page-size',
      '50',
    ]);
    expect(code).toBe(0);
    const rows = stdout.trim().split('\n');
    expect(rows[0]).toBe('PKey,email');
    expect(rows).toHaveLength(PROFILES + 1);
  });

  it('--limit still stops where asked', async () => {
    const { code, stdout } = await acs(['profiles', 'list', '--limit', '30', '-o', 'ndjson']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(30);
  });

  it('acs api GET asks for one page and prints that page', async () => {
    const { code, stdout } = await acs([
      'api',
      'GET',
      '/profileAndServices/profile',
      '--param',
      '_lineCount=10',
    ]);
    expect(code).toBe(0);
    const page = JSON.parse(stdout) as { content: unknown[]; next?: unknown };
    expect(page.content).toHaveLength(10);
    expect(page.next).toBeUndefined();
  });
});
