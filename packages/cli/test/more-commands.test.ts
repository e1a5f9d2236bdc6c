import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, baseEnv, emulatorEnv, runAcs, tempDir } from './helpers.js';

let emulator: Emulator;
let configDir: string;
let cwd: string;
let env: Record<string, string>;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 3 });
  configDir = tempDir();
  cwd = tempDir();
  env = baseEnv(configDir, emulatorEnv(emulator));
});

afterAll(async () => {
  await emulator?.stop();
});

const acs = (args: string[]) => runAcs(args, { env, cwd });
const json = <T = Record<string, unknown>>(stdout: string) => JSON.parse(stdout) as T;

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

/** Resolves with the exit code and signal; rejects if the child is still running after `ms`. */
function exitOf(child: ChildProcess, ms: number): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running ${ms} ms after SIGTERM`));
    }, ms);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

describe('acs emulator', () => {
  it('prints ready credentials that work, and stops with exit code 0 on SIGTERM', async () => {
    const dir = tempDir();
    const envFile = join(dir, 'emulator.env');
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--write-env', envFile], {
      env: baseEnv(tempDir()),
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const banner = await waitForOutput(child, 'Press Ctrl+C to stop.');
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+) \(tenant "acme"\)/.exec(banner)?.[1];
      expect(url).toBeDefined();
      const printed: Record<string, string> = {};
      for (const [, key, value] of banner.matchAll(/^ {2}export (ACS_\w+)=(".*")$/gm))
        printed[key!] = JSON.parse(value!) as string;
      expect(Object.keys(printed).sort()).toEqual([
        'ACS_BASE_URL',
        'ACS_CLIENT_ID',
        'ACS_CLIENT_SECRET',
        'ACS_IMS_URL',
        'ACS_ORG_ID',
        'ACS_SCOPES',
        'ACS_TECHNICAL_ACCOUNT_EMAIL',
        'ACS_TECHNICAL_ACCOUNT_ID',
        'ACS_TENANT',
      ]);
      expect(printed['ACS_BASE_URL']).toBe(url);
      // --write-env holds the same settings, readable by its owner only
      const written = readFileSync(envFile, 'utf8');
      for (const [key, value] of Object.entries(printed)) expect(written).toContain(`\n${key}=${value}\n`);
      expect(statSync(envFile).mode & 0o777).toBe(0o600);

      // what a user does next: paste the lines into another shell and run a command
      const list = await runAcs(['profiles', 'list', '--limit', '1'], {
        env: baseEnv(tempDir(), printed),
        cwd: tempDir(),
      });
      expect(list.stderr).toBe('');
      expect(list.code).toBe(0);
      expect(json<Array<{ email: string }>>(list.stdout)).toEqual([
        expect.objectContaining({ email: expect.stringContaining('@') }),
      ]);

      child.kill('SIGTERM');
      expect(await exitOf(child, 5_000)).toEqual({ code: 0, signal: null });
      await expect(fetch(`${url}/acme/campaign/profileAndServices/profile`)).rejects.toThrow();
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('--rate-limit throttles Campaign calls per organization with the gateway 429', async () => {
    // One call per 1000 s: the second call is refused however slow the machine.
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--rate-limit', '0.001'], {
      env: baseEnv(tempDir()),
      cwd: tempDir(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const banner = await waitForOutput(child, 'Press Ctrl+C to stop.');
      expect(banner).toContain('Rate limit: 0.001 Campaign calls/s per organization');
      const printed: Record<string, string> = {};
      for (const [, key, value] of banner.matchAll(/^ {2}export (ACS_\w+)=(".*")$/gm))
        printed[key!] = JSON.parse(value!) as string;
      const tokenRes = await fetch(`${printed['ACS_IMS_URL']}/ims/token/v3`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: printed['ACS_CLIENT_ID']!,
          client_secret: printed['ACS_CLIENT_SECRET']!,
        }),
      });
      const { access_token } = (await tokenRes.json()) as { access_token: string };
      const call = () =>
        fetch(`${printed['ACS_BASE_URL']}/acme/campaign/profileAndServices/profile/_count`, {
          headers: { Authorization: `Bearer ${access_token}`, 'X-Api-Key': printed['ACS_CLIENT_ID']! },
        });
      expect((await call()).status).toBe(200);
      const refused = await call();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(900);
      expect(await refused.json()).toEqual({ error_code: '429050', message: 'Too many requests' });
      child.kill('SIGTERM');
      expect(await exitOf(child, 5_000)).toEqual({ code: 0, signal: null });
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('--rate-limit must be a positive number (usage error, exit 2)', async () => {
    const result = await runAcs(['emulator', '--rate-limit', '0'], {
      env: baseEnv(tempDir()),
      cwd: tempDir(),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--rate-limit must be a positive number of requests per second, not "0"');
  });
});

describe('config unset and path', () => {
  it('config unset removes one setting and keeps the others; config path names the files', async () => {
    const dir = tempDir();
    const local = (args: string[]) => runAcs(args, { env: baseEnv(dir), cwd });
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        current: 'default',
        profiles: { stage: { ACS_TENANT: 'acme', ACS_CLIENT_ID: 'abc123' } },
      }),
      { mode: 0o600 },
    );

    const [unset, unknown, absent, path] = await Promise.all([
      local(['config', 'unset', 'tenant', '--profile', 'stage']),
      local(['config', 'unset', 'colour', '--profile', 'stage']),
      local(['config', 'unset', 'org-id', '--profile', 'elsewhere']),
      local(['config', 'path']),
    ]);
    expect(unset.code).toBe(0);
    expect(unset.stderr.trim()).toBe('tenant removed from profile "stage"');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^acs: Unknown setting "colour"\. Known settings: .*tenant/);
    expect(absent.code).toBe(0);
    expect(absent.stderr.trim()).toBe('org-id is not set in profile "elsewhere"; nothing to remove');
    expect(path.code).toBe(0);
    expect(json(path.stdout)).toEqual({
      configFile: join(dir, 'config.json'),
      tokenCache: join(dir, 'cache', 'tokens.json'),
    });

    const [tenant, clientId, list] = await Promise.all([
      local(['config', 'get', 'tenant', '--profile', 'stage']),
      local(['config', 'get', 'client-id', '--profile', 'stage']),
      local(['config', 'list']),
    ]);
    expect(tenant.code).toBe(3);
    expect(tenant.stderr).toContain('tenant is not set in profile "stage"');
    expect(clientId.stdout).toBe('abc123\n');
    expect(json(list.stdout)).toEqual([{ profile: 'stage', setting: 'client-id', value: 'abc123' }]);
  });
});

describe('services, privacy requests, metadata, workflows', () => {
  it('services create, update and delete change what services get shows', async () => {
    const created = await acs([
      'services',
      'create',
      '--data',
      '{"name":"cliNewsletter","label":"CLI newsletter","messageType":"email"}',
    ]);
    expect(created.stderr).toBe('');
    const service = json<{ PKey: string; name: string; label: string }>(created.stdout);
    expect(service).toMatchObject({ name: 'cliNewsletter', label: 'CLI newsletter' });

    const [updated, duplicate] = await Promise.all([
      acs(['services', 'update', service.PKey, '--set', 'label=Weekly news']),
      acs(['services', 'create', '--set', 'name=cliNewsletter', '--set', 'label=Again']),
    ]);
    expect(updated.code).toBe(0);
    expect(duplicate.code).toBe(5);
    expect(duplicate.stderr).toMatch(/^acs: Campaign answered \d{3}.*cliNewsletter/);
    const read = json((await acs(['services', 'get', service.PKey])).stdout);
    expect(read).toMatchObject({ PKey: service.PKey, name: 'cliNewsletter', label: 'Weekly news' });

    const deleted = await acs(['services', 'delete', service.PKey]);
    expect(deleted.code).toBe(0);
    expect(json(deleted.stdout)).toEqual({ PKey: service.PKey, deleted: true });
    const gone = await acs(['services', 'get', service.PKey]);
    expect(gone.code).toBe(7);
    expect(gone.stderr).toMatch(/^acs: Campaign answered 404/);
  });

  it('privacy get reads a request back; metadata --raw prints the whole resource document', async () => {
    const [created, raw] = await Promise.all([
      acs(['privacy', 'create', '--name', 'PTcli', '--namespace', 'email', '--value', 'jane@example.com']),
      acs(['metadata', 'profile', '--raw']),
    ]);
    const request = json<{ PKey: string; status: string }>(created.stdout);
    expect(request.status).toBe('new');
    const read = await acs(['privacy', 'get', request.PKey]);
    expect(read.code).toBe(0);
    expect(json(read.stdout)).toMatchObject({
      PKey: request.PKey,
      name: 'PTcli',
      namespaceName: 'email',
      reconciliationValue: 'jane@example.com',
      regulation: 'gdpr',
      type: 'access',
    });

    expect(raw.code).toBe(0);
    const document = json<{ name: string; content: Record<string, { label: string; type: string }> }>(
      raw.stdout,
    );
    expect(Array.isArray(document)).toBe(false);
    expect(document.name).toBe('profile');
    expect(document.content['email']).toMatchObject({ label: 'Email', type: 'string' });
  });

  it('workflows pause, resume and stop change the state workflows get reports', async () => {
    const state = async () => json<{ state: string }>((await acs(['workflows', 'get', 'WKF1'])).stdout).state;
    const [pause, missing] = await Promise.all([
      acs(['workflows', 'pause', 'WKF1']),
      acs(['workflows', 'stop', 'NOSUCHWKF']),
    ]);
    expect(pause.code).toBe(0);
    expect(json(pause.stdout)).toMatchObject({ id: 'WKF1', state: 'paused' });
    expect(missing.code).toBe(7);
    expect(missing.stderr).toMatch(/^acs: Campaign answered 404.*NOSUCHWKF/);
    expect(await state()).toBe('paused');

    expect((await acs(['workflows', 'resume', 'WKF1'])).code).toBe(0);
    expect(await state()).toBe('started');

    expect((await acs(['workflows', 'stop', 'WKF1'])).code).toBe(0);
    expect(await state()).toBe('stopped');
  });
});
