import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, emulatorEnv, runAcs, tempDir } from './helpers.js';

// What the CLI gained with the spec's coverage of Adobe's pages: `--count` on lists (a list's
// `_count`), projections (`acs profiles values <field>`), the extended family (`--ext`), and record
// key arguments that must be keys: a filter, a field or `_count` there would answer something else.

let emulator: Emulator;
let env: Record<string, string>;
let cwd: string;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 7 });
  cwd = tempDir();
  env = baseEnv(tempDir(), emulatorEnv(emulator));
});
afterAll(async () => {
  await emulator?.stop();
});

const acs = (args: string[]) => runAcs(args, { env, cwd });
const lines = (stdout: string) => stdout.trim().split('\n').filter(Boolean);

describe('acs … list --count', () => {
  it('prints the count of a list', async () => {
    const [profiles, privacy] = await Promise.all([
      acs(['profiles', 'list', '--count']),
      acs(['privacy', 'list', '--count']),
    ]);
    expect(profiles.code).toBe(0);
    expect(JSON.parse(profiles.stdout)).toEqual({ count: 7 });
    expect(JSON.parse(privacy.stdout)).toEqual({ count: 0 });
  });

  it('counts a filtered list (chained filters) as many as the list holds', async () => {
    const filter = ['--filter', 'byChannel/byText', '--param', 'channel=email', '--param', 'text=Sport'];
    const [count, list] = await Promise.all([
      acs(['services', 'list', ...filter, '--count']),
      acs(['services', 'list', ...filter, '-o', 'ndjson']),
    ]);
    expect(count.code).toBe(0);
    expect(lines(list.stdout).length).toBeGreaterThan(0);
    expect(JSON.parse(count.stdout).count).toBe(lines(list.stdout).length);
  });

  it('refuses a key or _count as a filter', async () => {
    const [count, key] = await Promise.all([
      acs(['profiles', 'list', '--filter', '_count']),
      acs(['profiles', 'list', '--filter', '@abc']),
    ]);
    expect(count.code).toBe(2);
    expect(count.stderr).toContain('"_count" is not a filter');
    expect(key.code).toBe(2);
    expect(key.stderr).toContain('"@abc" is not a filter');
  });
});

describe('acs profiles values <field>', () => {
  it('lists the values of a field (a projection), one record per value', async () => {
    const [values, profiles] = await Promise.all([
      acs(['profiles', 'values', 'email', '-o', 'ndjson', '--page-size', '3']),
      acs(['profiles', 'list', '-o', 'ndjson']),
    ]);
    expect(values.code).toBe(0);
    expect(lines(values.stdout).map((line) => JSON.parse(line))).toEqual(
      lines(profiles.stdout).map((line) => ({ email: JSON.parse(line).email })),
    );
  });

  it('counts the values of a projection', async () => {
    const count = await acs(['profiles', 'values', 'email', '--count']);
    expect(JSON.parse(count.stdout)).toEqual({ count: 7 });
  });

  it('reads custom fields on the extended family with --ext', async () => {
    const { code, stdout } = await acs(['profiles', 'values', 'cusCrmId', '--ext', '-o', 'ndjson']);
    expect(code).toBe(0);
    expect(lines(stdout).map((line) => JSON.parse(line).cusCrmId)).toEqual(
      Array.from({ length: 7 }, (_, i) => expect.stringMatching(new RegExp(`^CRM0*${i}$`))),
    );
  });

  it('lists the extended family with --ext', async () => {
    const [plain, ext] = await Promise.all([
      acs(['profiles', 'list', '--limit', '1', '-o', 'ndjson']),
      acs(['profiles', 'list', '--ext', '--limit', '1', '-o', 'ndjson']),
    ]);
    expect(JSON.parse(plain.stdout).cusCrmId).toBeUndefined();
    expect(JSON.parse(ext.stdout).cusCrmId).toEqual(expect.any(String));
  });

  it('refuses a key or a filter as a field', async () => {
    const { code, stderr } = await acs(['profiles', 'values', 'byText']);
    expect(code).toBe(2);
    expect(stderr).toContain('"byText" is not a field');
  });
});

describe('record key arguments', () => {
  const refused: Array<[string, string[], string]> = [
    ['profiles get byEmail', ['profiles', 'get', 'byEmail'], 'list --filter byEmail'],
    ['profiles get email', ['profiles', 'get', 'email'], 'acs profiles values email'],
    ['profiles delete _count', ['profiles', 'delete', '_count'], 'list --count'],
    [
      'services update byChannel',
      ['services', 'update', 'byChannel', '--set', 'label=x'],
      'list --filter byChannel',
    ],
    ['privacy get _count', ['privacy', 'get', '_count'], 'list --count'],
    [
      'subscriptions list --subscriber byText',
      ['subscriptions', 'list', '--subscriber', 'byText'],
      'list --filter byText',
    ],
    [
      'subscriptions delete email',
      ['subscriptions', 'delete', 'email', '--service', '@s'],
      'acs profiles values email',
    ],
  ];
  it.each(refused)('%s: exit code 2 and a hint, before any request', async (_name, args, hint) => {
    const before = emulator.stats.apiRequests();
    const { code, stderr } = await acs(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(/is not a (PKey|subscription PKey|profile PKey): Campaign's keys start with "@"/);
    expect(stderr).toContain(hint);
    expect(emulator.stats.apiRequests()).toBe(before);
  });

  it('still reads a record by its PKey', async () => {
    const first = JSON.parse(
      lines((await acs(['profiles', 'list', '--limit', '1', '-o', 'ndjson'])).stdout)[0]!,
    );
    const { code, stdout } = await acs(['profiles', 'get', first.PKey]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ PKey: first.PKey, email: first.email });
  });
});
