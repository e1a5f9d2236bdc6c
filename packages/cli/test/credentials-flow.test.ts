// Settings flow once: each value keeps where it came from and the name it had there, a Console
// JSON is used as read (lists stay lists), and the doctor reports the check the commands use.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acsEnvironment, formatEnvFile } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { parse as parseDotenv } from 'dotenv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, runAcs, tempDir } from './helpers.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 2 });
});

afterAll(async () => {
  await emulator?.stop();
});

interface DoctorRow {
  check: string;
  status: string;
  detail: string;
}

const rows = (stdout: string) => JSON.parse(stdout) as DoctorRow[];

function consoleFile(dir: string, secrets: string[]): string {
  const c = emulator.credentials;
  const file = join(dir, 'credential.json');
  writeFileSync(
    file,
    JSON.stringify({
      TYPE: 'oauthservertoserver',
      ORG_ID: c.orgId,
      CLIENT_ID: c.clientId,
      CLIENT_SECRETS: secrets,
      SCOPES: c.scopes,
    }),
  );
  return file;
}

describe('acs doctor', () => {
  it('shows each value of a Console JSON from that file, and the check passes on it as read', async () => {
    const dir = tempDir();
    // two secrets, the first one retired: the list must reach the strategy as a list
    const file = consoleFile(dir, ['p8e-retired-secret-zzzzzzzz', emulator.credentials.clientSecret]);
    const env = baseEnv(tempDir(), {
      ACS_TENANT: emulator.credentials.tenant,
      ACS_IMS_URL: emulator.imsUrl,
      ACS_BASE_URL: emulator.baseUrl,
    });
    const { code, stdout } = await runAcs(['doctor', '-o', 'json', '--credentials', file], { env, cwd: dir });
    const report = rows(stdout);
    expect(report.find((r) => r.check === 'ACS_CLIENT_ID')?.detail).toBe(
      `${emulator.credentials.clientId}  from ${file}`,
    );
    expect(report.find((r) => r.check === 'ACS_CLIENT_SECRETS')?.detail).toBe(`(set, hidden)  from ${file}`);
    expect(report.find((r) => r.check === 'ACS_TENANT')?.detail).toBe(
      `${emulator.credentials.tenant}  from ACS_TENANT`,
    );
    expect(report.find((r) => r.check === 'configuration')?.status).toBe('ok');
    expect(report.find((r) => r.check === 'token')?.status).toBe('ok');
    expect(code).toBe(0);
  });

  it('names each wrong value as it was given: a flag, a field of the Console JSON', async () => {
    const dir = tempDir();
    const file = consoleFile(dir, ['p8e-a-aaaaaaaa', 'p8e-b-bbbbbbbb', 'p8e-c-cccccccc']);
    const env = baseEnv(tempDir(), { ACS_IMS_URL: emulator.imsUrl });
    const { code, stdout } = await runAcs(
      ['doctor', '-o', 'json', '--credentials', file, '--org-id', 'acme'],
      { env, cwd: dir },
    );
    const detail = rows(stdout).find((r) => r.check === 'configuration')?.detail;
    expect(detail).toContain('--org-id "acme" is not an IMS organization id');
    expect(detail).toContain('CLIENT_SECRETS holds 3 secrets');
    expect(code).toBe(3);
  });
});

describe('the .env writer', () => {
  it('writes what dotenv (which acs reads .env with) parses back unchanged', () => {
    const values = {
      tenant: 'acme',
      clientSecrets: ['p8e-with space', 'p8e-"quoted"#hash'],
      privateKey: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n',
      imsUrl: 'https://ims-na1.adobelogin.com',
    };
    const env = acsEnvironment(values);
    expect(parseDotenv(formatEnvFile(env, ['a comment']))).toEqual(env);
  });
});
