import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, emulatorEnv, runAcs, tempDir } from './helpers.js';

let emulator: Emulator;
let configDir: string;
let cwd: string;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 12 });
  configDir = tempDir();
  cwd = tempDir();
  env = baseEnv(configDir, emulatorEnv(emulator));
});

afterAll(async () => {
  await emulator?.stop();
});

const acs = (args: string[], extra: Record<string, string | undefined> = {}) =>
  runAcs(args, { env: { ...env, ...extra } as Record<string, string>, cwd });

describe('output formats', () => {
  it('prints a list as JSON when stdout is not a terminal, following pages', async () => {
    const { code, stdout, stderr } = await acs(['profiles', 'list', '--page-size', '5']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const records = JSON.parse(stdout) as Array<{ PKey: string }>;
    expect(records).toHaveLength(12);
    expect(new Set(records.map((r) => r.PKey)).size).toBe(12);
    // no progress bar in a pipe
    expect(stderr).not.toContain('records');
  });

  it('prints ndjson, csv and table on request', async () => {
    const [ndjson, csv, table] = await Promise.all([
      acs(['profiles', 'list', '--limit', '3', '-o', 'ndjson']),
      acs(['profiles', 'list', '--limit', '3', '--output', 'csv', '--columns', 'PKey,email,location.city']),
      acs(['profiles', 'list', '--limit', '3', '-o', 'table']),
    ]);
    const lines = ndjson.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0]!)).toHaveProperty('email');
    const rows = csv.stdout.trim().split('\n');
    expect(rows[0]).toBe('PKey,email,location.city');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatch(/^@[^,]+,[^,]+@[^,]+,[^,]*$/);
    expect(table.stdout).toMatch(/│ PKey +│ email/);
    expect(table.stdout.split('\n').filter((line) => line.includes('@')).length).toBe(3);
    expect(table.stdout).not.toContain('\u001b['); // NO_COLOR
  });

  it('rejects an unknown output format with exit code 2', async () => {
    const { code, stderr } = await acs(['profiles', 'list', '-o', 'xml']);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('acs: Unknown output format "xml". Use one of: json, ndjson, csv, table.');
  });
});

describe('resource commands', () => {
  it('creates, reads, updates and deletes a profile, then reports 404 with exit code 7', async () => {
    const created = await acs([
      'profiles',
      'create',
      '--set',
      'email=cli.test@example.com',
      '--set',
      'firstName=Cli',
    ]);
    expect(created.code).toBe(0);
    const pkey = (JSON.parse(created.stdout) as { PKey: string }).PKey;
    expect(pkey).toMatch(/^@/);

    const updated = await acs(['profiles', 'update', pkey, '--data', '{"lastName":"Tested"}']);
    expect(updated.code).toBe(0);
    const read = JSON.parse((await acs(['profiles', 'get', pkey])).stdout) as Record<string, string>;
    expect(read['email']).toBe('cli.test@example.com');
    expect(read['lastName']).toBe('Tested');

    expect((await acs(['profiles', 'delete', pkey])).code).toBe(0);
    const gone = await acs(['profiles', 'get', pkey]);
    expect(gone.code).toBe(7);
    expect(gone.stderr).toMatch(/^acs: Campaign answered 404/);
    expect(gone.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('subscribes a profile to a service and lists it', async () => {
    const [profiles, services] = await Promise.all([
      acs(['profiles', 'list', '--limit', '1']),
      acs(['services', 'list', '--limit', '1']),
    ]);
    const profile = (JSON.parse(profiles.stdout) as Array<{ PKey: string }>)[0]!.PKey;
    const service = (JSON.parse(services.stdout) as Array<{ PKey: string; name: string }>)[0]!;
    const created = await acs([
      'subscriptions',
      'create',
      '--subscriber',
      profile,
      '--service',
      service.PKey,
    ]);
    expect(created.code).toBe(0);
    const list = await acs(['subscriptions', 'list', '--subscriber', profile, '-o', 'ndjson']);
    expect(list.stdout).toContain(service.name);
  });

  it('runs workflow commands, signals, transactional events, privacy, metadata and raw calls', async () => {
    const [start, signal, sent, privacy, metadata, raw] = await Promise.all([
      acs(['workflows', 'start', 'WKF2']),
      acs([
        'workflows',
        'signal',
        'WKF1',
        'signal1',
        '--param',
        'email=a@example.com',
        '--param',
        'test=true',
      ]),
      acs(['events', 'send', 'EVTcartAbandonment', '--set', 'email=a@example.com', '--set', 'ctx.amount=12']),
      acs(['privacy', 'create', '--name', 'PT1', '--namespace', 'email', '--value', 'a@example.com']),
      acs(['metadata', 'profile', '-o', 'ndjson']),
      acs(['api', 'GET', '/profileAndServices/service', '--param', '_lineCount=2']),
    ]);
    for (const result of [start, signal, sent, privacy, metadata, raw]) expect(result.stderr).toBe('');
    const event = JSON.parse(sent.stdout) as { PKey: string; status: string };
    expect(event.status).toBe('pending');
    const status = await acs(['events', 'status', 'EVTcartAbandonment', event.PKey]);
    expect(JSON.parse(status.stdout)).toHaveProperty('status');
    expect(JSON.parse(privacy.stdout)).toMatchObject({ name: 'PT1', regulation: 'gdpr', type: 'access' });
    expect(metadata.stdout).toContain('"name":"email"');
    expect((JSON.parse(raw.stdout) as { content: unknown[] }).content).toHaveLength(2);
  });

  it('names a missing signal activity with exit code 7', async () => {
    const { code, stderr } = await acs(['workflows', 'signal', 'WKF1', 'nosuch']);
    expect(code).toBe(7);
    expect(stderr).toContain('Workflow "WKF1" has no signal activity "nosuch"');
  });
});

describe('token cache', () => {
  it('ten consecutive invocations make one IMS request, cached in a 0600 file', async () => {
    const dir = tempDir();
    const before = emulator.stats.tokenRequests({ clientId: emulator.credentials.clientId });
    for (let i = 0; i < 10; i++) {
      const { code } = await runAcs(['services', 'list', '--limit', '1'], {
        env: { ...env, ACS_CONFIG_DIR: dir },
        cwd,
      });
      expect(code).toBe(0);
    }
    expect(emulator.stats.tokenRequests({ clientId: emulator.credentials.clientId }) - before).toBe(1);
    const file = join(dir, 'cache', 'tokens.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(emulator.credentials.clientSecret);
  });

  it('auth token prints the token, --json adds its expiry', async () => {
    const plain = await acs(['auth', 'token']);
    expect(plain.stdout.trim()).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    const json = JSON.parse((await acs(['auth', 'token', '--json'])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ method: 'oauth-server-to-server', tokenType: 'bearer' });
    expect(Date.parse(json['expiresOn'] as string)).toBeGreaterThan(Date.now());
  });
});

describe('verbose', () => {
  it('shows the HTTP exchange on stderr without secrets', async () => {
    const dir = tempDir();
    const { code, stdout, stderr } = await runAcs(['services', 'list', '--limit', '1', '--verbose'], {
      env: { ...env, ACS_CONFIG_DIR: dir },
      cwd,
    });
    expect(code).toBe(0);
    expect(stderr).toContain('> POST http://127.0.0.1');
    expect(stderr).toContain('/ims/token/v3');
    expect(stderr).toMatch(/> GET http:\/\/127\.0\.0\.1:\d+\/acme\/campaign\/profileAndServices\/service/);
    expect(stderr).toMatch(/authorization: Bearer \[REDACTED\]/i);
    expect(stderr).toContain('< 200');
    expect(stderr).not.toContain(emulator.credentials.clientSecret);
    expect(stderr).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
    expect(JSON.parse(stdout)).toHaveLength(1);
  });
});
