import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, emulatorEnv, runAcs, tempDir } from './helpers.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 5 });
});

afterAll(async () => {
  await emulator?.stop();
});

interface DoctorRow {
  check: string;
  status: string;
  detail: string;
}

const row = (stdout: string, check: string) =>
  (JSON.parse(stdout) as DoctorRow[]).find((r) => r.check === check);

describe('configuration precedence', () => {
  it('takes flags over ACS_* over .env over the named profile', async () => {
    const configDir = tempDir();
    const cwd = tempDir();
    const { ACS_TENANT: _tenant, ...rest } = emulatorEnv(emulator);
    const env = baseEnv(configDir, rest);

    const set = await runAcs(['config', 'set', 'tenant', 'fromprofile', '--profile', 'work'], { env, cwd });
    expect(set.code).toBe(0);
    const useIt = await runAcs(['config', 'use', 'work'], { env, cwd });
    expect(useIt.code).toBe(0);
    expect(statSync(join(configDir, 'config.json')).mode & 0o777).toBe(0o600);

    const fromProfile = await runAcs(['doctor', '-o', 'json'], { env, cwd });
    expect(row(fromProfile.stdout, 'ACS_TENANT')?.detail).toBe('fromprofile  from profile "work"');

    writeFileSync(join(cwd, '.env'), 'ACS_TENANT=fromdotenv\n');
    const [fromDotenv, fromEnv, fromFlag] = await Promise.all([
      runAcs(['doctor', '-o', 'json'], { env, cwd }),
      runAcs(['doctor', '-o', 'json'], { env: { ...env, ACS_TENANT: 'fromenv' }, cwd }),
      runAcs(['doctor', '-o', 'json', '--tenant', 'acme'], { env: { ...env, ACS_TENANT: 'fromenv' }, cwd }),
    ]);
    expect(row(fromDotenv.stdout, 'ACS_TENANT')?.detail).toBe(`fromdotenv  from ${join(cwd, '.env')}`);
    expect(row(fromEnv.stdout, 'ACS_TENANT')?.detail).toBe('fromenv  from ACS_TENANT');
    expect(row(fromFlag.stdout, 'ACS_TENANT')?.detail).toBe('acme  from --tenant');
    // the wrong tenants fail the doctor, the right one passes every check
    expect(fromFlag.code).toBe(0);
    expect((JSON.parse(fromFlag.stdout) as DoctorRow[]).every((r) => r.status === 'ok')).toBe(true);
    expect(fromDotenv.code).toBe(5);
    expect(row(fromDotenv.stdout, 'tenant')?.status).toBe('fail');
  });

  it('reads a Developer Console JSON given with --credentials, below every other layer', async () => {
    const cwd = tempDir();
    const c = emulator.credentials;
    const file = join(cwd, 'credential.json');
    writeFileSync(
      file,
      JSON.stringify({
        TYPE: 'oauthservertoserver',
        ORG_ID: c.orgId,
        CLIENT_ID: c.clientId,
        CLIENT_SECRETS: [c.clientSecret],
        TECHNICAL_ACCOUNT_ID: c.technicalAccountId,
        SCOPES: c.scopes,
      }),
    );
    const env = baseEnv(tempDir(), {
      ACS_TENANT: c.tenant,
      ACS_IMS_URL: emulator.imsUrl,
      ACS_BASE_URL: emulator.baseUrl,
    });
    const result = await runAcs(['services', 'list', '--limit', '2', '--credentials', file], { env, cwd });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toHaveLength(2);
  });

  it('config list masks secrets; config get names a missing setting', async () => {
    const configDir = tempDir();
    const cwd = tempDir();
    const env = baseEnv(configDir);
    await runAcs(['config', 'set', 'client-secret', 'p8e-very-secret-value-123'], { env, cwd });
    const list = await runAcs(['config', 'list', '-o', 'json'], { env, cwd });
    expect(list.stdout).not.toContain('p8e-very-secret-value-123');
    expect(JSON.parse(list.stdout)).toEqual([
      { profile: 'default (current)', setting: 'client-secret', value: 'p8…(25 characters)' },
    ]);
    const missing = await runAcs(['config', 'get', 'tenant'], { env, cwd });
    expect(missing.code).toBe(3);
    expect(missing.stderr.trim()).toBe(
      'acs: tenant is not set in profile "default". Set it with `acs config set tenant <value>`.',
    );
  });
});

describe('failures: one line, a hint, a stable exit code', () => {
  it('without credentials names what is missing and suggests --sandbox (exit 3)', async () => {
    const { code, stdout, stderr } = await runAcs(['profiles', 'list'], {
      env: baseEnv(tempDir()),
      cwd: tempDir(),
    });
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'acs: No credentials configured: ACS_CLIENT_ID, ACS_CLIENT_SECRET, ACS_ORG_ID and ACS_SCOPES are missing. ' +
        'Set them in the environment or a .env file, use `acs config set`, give a Developer Console JSON with --credentials, or try the command with --sandbox.\n',
    );
  });

  it('an incomplete configuration lists every missing setting (exit 3)', async () => {
    const env = baseEnv(tempDir(), { ACS_CLIENT_ID: 'abc', ACS_TENANT: 'acme' });
    const { code, stderr } = await runAcs(['profiles', 'list'], { env, cwd: tempDir() });
    expect(code).toBe(3);
    expect(stderr).toMatch(/^acs: Invalid configuration \(environment\): /);
    for (const missing of ['ACS_CLIENT_SECRET is missing', 'ACS_ORG_ID is missing', 'ACS_SCOPES is missing'])
      expect(stderr).toContain(missing);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('--sandbox');
  });

  it('a wrong client secret is an IMS failure (exit 4) with a hint, and the secret is never printed', async () => {
    const env = baseEnv(tempDir(), { ...emulatorEnv(emulator), ACS_CLIENT_SECRET: 'p8e-wrong-secret-4242' });
    const { code, stderr } = await runAcs(['profiles', 'list', '--verbose'], { env, cwd: tempDir() });
    expect(code).toBe(4);
    const last = stderr.trim().split('\n').at(-1)!;
    expect(last).toMatch(/^acs: IMS answered 400: invalid_client/);
    expect(last).toMatch(/client secret/i);
    expect(stderr).not.toContain('p8e-wrong-secret-4242');
    expect(stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it("the gateway's 502 CNAME body is an API failure (exit 5) with the tenant hint", async () => {
    emulator.faults.inject({ target: 'api', kind: 'cname', times: 1 });
    const env = baseEnv(tempDir(), emulatorEnv(emulator));
    const { code, stderr } = await runAcs(['services', 'list'], { env, cwd: tempDir() });
    expect(code).toBe(5);
    expect(stderr).toMatch(/^acs: Campaign answered 502.*Check your URI.*CNAME/);
  });

  it('an unreachable gateway is a network failure (exit 6)', async () => {
    const env = baseEnv(tempDir(), { ...emulatorEnv(emulator), ACS_BASE_URL: 'http://127.0.0.1:9' });
    const { code, stderr } = await runAcs(['services', 'list'], { env, cwd: tempDir() });
    expect(code).toBe(6);
    expect(stderr).toMatch(/^acs: .*127\.0\.0\.1:9/);
  });

  it('honours HTTP_PROXY and NO_PROXY, never printing the proxy password', async () => {
    const proxyPassword = 'pr0xy-s3cret-pass';
    // Each run has its own config directory: with a shared one, the bypassing run's token could be
    // in the cache before the other run looks, which then answers without the proxy.
    const viaProxy = (configDir: string) =>
      baseEnv(configDir, {
        ...emulatorEnv(emulator),
        HTTP_PROXY: `http://corp-user:${proxyPassword}@127.0.0.1:9`,
      });
    const [refused, bypassed] = await Promise.all([
      runAcs(['auth', 'token'], { env: viaProxy(tempDir()), cwd: tempDir() }),
      runAcs(['services', 'list'], {
        env: { ...viaProxy(tempDir()), NO_PROXY: '127.0.0.1' },
        cwd: tempDir(),
      }),
    ]);
    expect(refused.code).toBe(6);
    expect(refused.stderr).toMatch(/^acs: .*proxy.*127\.0\.0\.1:9/i);
    expect(refused.stdout + refused.stderr).not.toContain(proxyPassword);
    expect(bypassed.code).toBe(0);
  });

  it('usage errors exit 2; --help shows examples and exits 0', async () => {
    const env = baseEnv(tempDir());
    const [unknown, help, subHelp] = await Promise.all([
      runAcs(['profiles', 'list', '--bogus'], { env, cwd: tempDir() }),
      runAcs(['--help'], { env, cwd: tempDir() }),
      runAcs(['profiles', '--help'], { env, cwd: tempDir() }),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--bogus'");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    expect(subHelp.stdout).toContain('Examples:');
  });
});

describe('--sandbox and migration', () => {
  it('--sandbox works with nothing configured', async () => {
    const { code, stdout } = await runAcs(['--sandbox', 'profiles', 'list', '--limit', '2'], {
      env: baseEnv(tempDir()),
      cwd: tempDir(),
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toHaveLength(2);
  });

  it('migrate jwt-to-oauth writes the OAuth configuration, never overwriting without --force', async () => {
    const cwd = tempDir();
    const c = emulator.credentials;
    const keyFile = join(cwd, 'private.key');
    writeFileSync(keyFile, c.privateKey, { mode: 0o600 });
    const env = baseEnv(tempDir(), {
      ACS_TENANT: c.tenant,
      ACS_CLIENT_ID: c.clientId,
      ACS_CLIENT_SECRET: c.clientSecret,
      ACS_ORG_ID: c.orgId,
      ACS_TECHNICAL_ACCOUNT_ID: c.technicalAccountId,
      ACS_PRIVATE_KEY_FILE: keyFile,
      // ent_campaign_sdk only: the emulator's demo client lacks the I/O Management scopes that ent_adobeio_sdk maps to.
      ACS_METASCOPES: 'ent_campaign_sdk',
      ACS_IMS_URL: emulator.imsUrl,
      ACS_BASE_URL: emulator.baseUrl,
    });
    const first = await runAcs(['migrate', 'jwt-to-oauth', '--out', 'oauth.env', '-o', 'table'], {
      env,
      cwd,
    });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("+ import { fromEnvironment } from '@campaign-standard/auth-oauth';");
    expect(first.stdout).toMatch(/token by OAuth Server-to-Server +│ ok/);
    const written = readFileSync(join(cwd, 'oauth.env'), 'utf8');
    expect(written).toContain(`ACS_CLIENT_ID=${c.clientId}`);
    expect(written).toMatch(/ACS_SCOPES=.*campaign_sdk/);
    expect(written).not.toContain('PRIVATE_KEY');
    expect(statSync(join(cwd, 'oauth.env')).mode & 0o777).toBe(0o600);

    const again = await runAcs(['migrate', 'jwt-to-oauth', '--out', 'oauth.env', '--skip-tokens'], {
      env,
      cwd,
    });
    expect(again.code).toBe(2);
    expect(again.stderr.trim()).toBe(
      'acs: oauth.env exists; not overwritten. Choose another --out path or add --force.',
    );
    const json = await runAcs(['migrate', 'jwt-to-oauth', '--out', 'oauth.json', '--skip-tokens'], {
      env,
      cwd,
    });
    expect(json.code).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'oauth.json'), 'utf8'))).toMatchObject({
      TYPE: 'oauthservertoserver',
      CLIENT_ID: c.clientId,
    });
    expect(existsSync(join(cwd, 'oauth.json'))).toBe(true);
  });
});
