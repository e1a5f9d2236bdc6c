import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/exit-codes.js';
import { BIN, baseEnv, emulatorEnv, runAcs, tempDir } from './helpers.js';

// `acs migrate standard-to-v8 check` against a prepared pair of tenants (one Standard, one v8
// migrated from it, in one emulator), and `acs emulator --v8-tenant`, spawning the real `acs`.

let emulator: Emulator;
let env: Record<string, string>;
let cwd: string;

beforeAll(async () => {
  emulator = await startEmulator({
    tenants: ['acme'],
    profiles: 6,
    v8Tenants: [{ name: 'acmev8', migratedFrom: 'acme' }],
  });
  const { ACS_TENANT: _tenant, ...settings } = emulatorEnv(emulator);
  env = baseEnv(tempDir(), settings);
  cwd = tempDir();
  // two profiles, one per tenant; the credentials come from the environment
  for (const [profile, tenant] of [
    ['std', 'acme'],
    ['v8', 'acmev8'],
  ] as const) {
    const set = await runAcs(['config', 'set', 'tenant', tenant, '--profile', profile], { env, cwd });
    expect(set.code).toBe(0);
  }
  // prepared data: values in the two fields the v8 tenant drops
  const client = createCampaignClient({
    auth: fromEnvironment({ ...settings }),
    tenant: 'acme',
    baseUrl: emulator.baseUrl,
  });
  let n = 0;
  for await (const profile of client.profiles.list({ pageSize: 2 })) {
    await client.profiles.update(profile.PKey, {
      fax: `+33 1 00 00 00 0${n}`,
      thumbnail: 'https://example.com/t.png',
    });
    if (++n === 2) break;
  }
});

afterAll(async () => {
  await emulator?.stop();
});

const acs = (args: string[]) => runAcs(args, { env, cwd });

interface Report {
  v: number;
  blocking: boolean;
  findings: Array<{
    id: string;
    kind: string;
    blocking: boolean;
    subject: string;
    problem: string;
    fix: string;
    calls?: number;
  }>;
}

describe('acs migrate standard-to-v8 check', () => {
  it('finds every seeded incompatibility of the pair, and nothing else; JSON report, exit 12', async () => {
    const { code, stdout, stderr } = await acs([
      'migrate',
      'standard-to-v8',
      'check',
      '--from',
      'std',
      '--to',
      'v8',
      '--output',
      'json',
    ]);
    expect(code).toBe(EXIT_CODES.blocked);
    expect(code).toBe(12);
    const report = JSON.parse(stdout) as Report;
    expect(report.v).toBe(1);
    expect(report.blocking).toBe(true);
    expect(report.findings.map((f) => f.id)).toEqual([
      'custom-filter:cusLoyalty.byTier',
      'custom-filter:cusStore.byCity',
      'custom-filter:cusVehicle.byFuel',
      'custom-filter:cusVehicle.byYearRange',
      'custom-filter:profile.bySegment',
      'dropped-field:profile.fax',
      'dropped-field:profile.thumbnail',
      'missing-field:profileAndServices/profile.timeZone',
      'pkeys:PKey',
      'unavailable-api:marketingHistory',
      'unavailable-api:organizationalUnits',
      'unavailable-api:privacyManagement',
      'unavailable-api:transactionalMessages',
    ]);
    for (const finding of report.findings) {
      expect(Object.keys(finding).sort()).toEqual(
        ['blocking', 'evidence', 'fix', 'id', 'kind', 'problem', 'subject'].sort(),
      );
    }
    expect(report.findings.find((f) => f.id === 'custom-filter:cusStore.byCity')!.fix).toContain(
      "cusStore: { byCity: 'storeCity' }",
    );
    expect(stderr).toContain('13 finding(s), 10 blocking (acme -> acmev8)');
    expect(stderr).toContain('will break calls on Campaign v8');
    expect(stderr).not.toContain(env['ACS_CLIENT_SECRET']!);
  });

  it('prints a table for people', async () => {
    const { code, stdout } = await acs([
      'migrate',
      'standard-to-v8',
      'check',
      '--from',
      'std',
      '--to',
      'v8',
      '--output',
      'table',
    ]);
    expect(code).toBe(12);
    const lines = stdout.split('\n');
    expect(stdout).toMatch(/severity\s*│\s*kind\s*│\s*subject\s*│\s*problem\s*│\s*fix/);
    expect(lines.filter((l) => /^│ blocking /.test(l))).toHaveLength(10);
    expect(lines.filter((l) => /^│ warning /.test(l))).toHaveLength(3);
    expect(stdout).toContain('profileAndServicesExt');
  });

  it('--usage limits the check to the calls an integration makes', async () => {
    const usage = join(tempDir(), 'calls.ndjson');
    const entries = [
      { v: 1, method: 'GET', path: '/profileAndServices/profile/byEmail', query: ['email'], status: 200 },
      {
        v: 1,
        method: 'GET',
        path: '/profileAndServicesExt/cusLoyalty/byTier',
        query: ['tier_parameter'],
        status: 200,
      },
      {
        v: 1,
        method: 'POST',
        path: '/profileAndServicesExt/cusLoyalty',
        query: [],
        status: 201,
        fields: ['tier', 'profile'],
        objects: { profile: ['email'] },
      },
      {
        v: 1,
        method: 'PATCH',
        path: '/profileAndServices/profile/{PKey}',
        query: [],
        status: 200,
        fields: [],
      },
    ];
    writeFileSync(usage, `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const both = await acs([
      'migrate',
      'standard-to-v8',
      'check',
      '--from',
      'std',
      '--to',
      'v8',
      '--usage',
      usage,
      '-o',
      'json',
    ]);
    expect(both.code).toBe(12);
    expect((JSON.parse(both.stdout) as Report).findings.map((f) => [f.id, f.blocking, f.calls])).toEqual([
      ['custom-filter:cusLoyalty.byTier', true, 1],
      ['dropped-field:profile.fax', false, undefined],
      ['dropped-field:profile.thumbnail', false, undefined],
      ['empty-patch:PATCH /profileAndServices/profile/{PKey}', false, 1],
      ['linked-post:POST /profileAndServicesExt/cusLoyalty profile', true, 1],
      // the log writes no time zone: reads only lack it
      ['missing-field:profileAndServices/profile.timeZone', false, undefined],
      ['pkeys:PKey', false, 1],
    ]);

    // nothing blocking in the calls: exit 0
    const harmless = join(tempDir(), 'harmless.ndjson');
    writeFileSync(harmless, `${JSON.stringify(entries[3])}\n`);
    const ok = await acs([
      'migrate',
      'standard-to-v8',
      'check',
      '--from',
      'std',
      '--usage',
      harmless,
      '-o',
      'json',
    ]);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as Report).findings.map((f) => f.id)).toEqual([
      'empty-patch:PATCH /profileAndServices/profile/{PKey}',
      'pkeys:PKey',
    ]);
  });

  it('reports a JWT credential (--auth jwt on both profiles)', async () => {
    const c = emulator.credentials;
    const keyFile = join(tempDir(), 'private.key');
    writeFileSync(keyFile, c.privateKey, { mode: 0o600 });
    const jwtEnv = {
      ...env,
      ACS_TECHNICAL_ACCOUNT_ID: c.technicalAccountId,
      ACS_PRIVATE_KEY_FILE: keyFile,
      ACS_METASCOPES: 'ent_campaign_sdk',
    };
    const args = [
      '--auth',
      'jwt',
      'migrate',
      'standard-to-v8',
      'check',
      '--from',
      'std',
      '--to',
      'v8',
      '-o',
      'json',
    ];
    const { code, stdout, stderr } = await runAcs(args, { env: jwtEnv, cwd });
    expect(code).toBe(12);
    const auth = (JSON.parse(stdout) as Report).findings.find((f) => f.kind === 'auth');
    expect(auth).toMatchObject({ id: 'auth:jwt', blocking: true });
    expect(auth!.problem).toContain('The standard and v8 tenant');
    expect(`${stdout}${stderr}`).not.toContain(c.privateKey.split('\n')[1]!);
  });

  it('refuses what it cannot check (usage errors, exit 2)', async () => {
    const bad = join(tempDir(), 'bad.ndjson');
    writeFileSync(bad, '{"v":1,"method":"GET","path":"/x","query":[]}\nnot json\n');
    const broken = await acs(['migrate', 'standard-to-v8', 'check', '--from', 'std', '--usage', bad]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('line 2 of the usage log');
    const nothing = await acs(['migrate', 'standard-to-v8', 'check', '--from', 'std']);
    expect(nothing.code).toBe(2);
    const same = await acs(['migrate', 'standard-to-v8', 'check', '--from', 'std', '--to', 'std']);
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('same tenant');
  });
});

/** Resolves with the child's stdout once `text` appeared on it; rejects if the child exits first. */
function waitForOutput(child: ChildProcess, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes(text)) resolve(stdout);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before "${text}": ${stderr}`)));
  });
}

describe('acs emulator --v8-tenant', () => {
  it('serves a Campaign v8 tenant beside the Standard one, and the check runs against them', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--v8-tenant', 'acmev8'], {
      env: baseEnv(tempDir()),
      cwd: tempDir(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const banner = await waitForOutput(child, 'Press Ctrl+C to stop.');
      expect(banner).toMatch(
        /Campaign v8 tenant "acmev8" \(migrated from "acme"\): http:\/\/127\.0\.0\.1:\d+\/acmev8\/campaign/,
      );
      const printed: Record<string, string> = {};
      for (const [, key, value] of banner.matchAll(/^ {2}export (ACS_\w+)=(".*")$/gm))
        printed[key!] = JSON.parse(value!) as string;
      const { ACS_TENANT: _t, ...settings } = printed;
      const local = { env: baseEnv(tempDir(), settings), cwd: tempDir() };
      for (const [profile, tenant] of [
        ['std', 'acme'],
        ['v8', 'acmev8'],
      ] as const)
        await runAcs(['config', 'set', 'tenant', tenant, '--profile', profile], local);
      const check = await runAcs(
        ['migrate', 'standard-to-v8', 'check', '--from', 'std', '--to', 'v8', '-o', 'json'],
        local,
      );
      expect(check.code).toBe(12);
      const ids = (JSON.parse(check.stdout) as Report).findings.map((f) => f.id);
      expect(ids).toContain('custom-filter:cusLoyalty.byTier');
      expect(ids).toContain('unavailable-api:marketingHistory');
      expect(ids).toContain('pkeys:PKey');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses a malformed --v8-tenant (usage, exit 2)', async () => {
    const result = await runAcs(['emulator', '--v8-tenant', 'a=b=c'], {
      env: baseEnv(tempDir()),
      cwd: tempDir(),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--v8-tenant takes <name> or <name>=<tenant>');
  });
});
