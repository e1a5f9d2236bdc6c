import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigurationError,
  checkOAuthCredentials,
  readCredentialsFromEnvironment,
} from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromConsoleCredentials, fromCredentials, fromEnvironment } from '../src/index.js';

let emulator: Emulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator();
  dir = await mkdtemp(join(tmpdir(), 'acs-oauth-loaders-'));
});
afterAll(async () => {
  await emulator.stop();
  await rm(dir, { recursive: true, force: true });
});

function environment(extra: Record<string, string | undefined> = {}) {
  const c = emulator.credentials;
  return {
    ACS_CLIENT_ID: c.clientId,
    ACS_CLIENT_SECRET: c.clientSecret,
    ACS_ORG_ID: c.orgId,
    ACS_SCOPES: c.scopes.join(','),
    ACS_IMS_URL: emulator.imsUrl,
    ...extra,
  };
}

function workspace() {
  const c = emulator.credentials;
  return {
    project: {
      id: '1',
      name: 'campaign-project',
      org: { id: '2', name: 'Acme', ims_org_id: c.orgId },
      workspace: {
        id: '3',
        name: 'Production',
        details: {
          credentials: [
            {
              id: '4',
              name: 'Campaign',
              integration_type: 'oauth_server_to_server_migrate',
              oauth_server_to_server: {
                client_id: c.clientId,
                client_secrets: [c.clientSecret],
                technical_account_email: c.technicalAccountEmail,
                technical_account_id: c.technicalAccountId,
                scopes: c.scopes,
              },
              jwt: {
                client_id: c.clientId,
                client_secret: c.clientSecret,
                technical_account_email: c.technicalAccountEmail,
                technical_account_id: c.technicalAccountId,
                meta_scopes: ['ent_campaign_sdk'],
              },
            },
          ],
        },
      },
    },
  };
}

describe('fromEnvironment', () => {
  it('builds a working strategy from ACS_* variables', async () => {
    const auth = fromEnvironment(environment());
    expect(auth).toMatchObject({ kind: 'oauth-server-to-server', clientId: emulator.credentials.clientId });
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
  });

  it('reads a JSON list of two secrets from ACS_CLIENT_SECRETS and fails over to the good one', async () => {
    const secrets = JSON.stringify(['p8e-retired-secret-zzzzzz', emulator.credentials.clientSecret]);
    const auth = fromEnvironment(environment({ ACS_CLIENT_SECRET: undefined, ACS_CLIENT_SECRETS: secrets }));
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
  });

  it('reads process.env by default', async () => {
    for (const [name, value] of Object.entries(environment())) vi.stubEnv(name, value);
    try {
      expect(fromEnvironment().clientId).toBe(emulator.credentials.clientId);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('names the variables that are missing or wrong', () => {
    let error: unknown;
    try {
      fromEnvironment({ ACS_ORG_ID: 'not-an-org', ACS_IMS_URL: 'http://ims.example.com' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).source).toBe('environment');
    expect((error as ConfigurationError).issues.map((issue) => issue.field)).toEqual([
      'ACS_CLIENT_ID',
      'ACS_ORG_ID',
      'ACS_CLIENT_SECRET',
      'ACS_SCOPES',
      'ACS_IMS_URL',
    ]);
  });

  it('passes runtime options through', async () => {
    const seen: string[] = [];
    const auth = fromEnvironment(environment(), {
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    await auth.getToken();
    expect(seen).toEqual([`${emulator.imsUrl}/ims/token/v3`]);
  });
});

describe('fromConsoleCredentials', () => {
  it('uses the OAuth credential of a migrating workspace, given as an object, a text or a path', async () => {
    const path = join(dir, 'workspace.json');
    await writeFile(path, JSON.stringify(workspace()));
    for (const input of [workspace(), JSON.stringify(workspace()), path]) {
      const auth = fromConsoleCredentials(input, { imsUrl: emulator.imsUrl });
      expect(auth).toMatchObject({
        kind: 'oauth-server-to-server',
        clientId: emulator.credentials.clientId,
        orgId: emulator.credentials.orgId,
      });
      await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    }
  });

  it('reads the per-credential download with upper-case keys', async () => {
    const c = emulator.credentials;
    const auth = fromConsoleCredentials(
      {
        TYPE: 'oauthservertoserver',
        ORG_ID: c.orgId,
        CLIENT_ID: c.clientId,
        CLIENT_SECRETS: [c.clientSecret],
        TECHNICAL_ACCOUNT_ID: c.technicalAccountId,
        TECHNICAL_ACCOUNT_EMAIL: c.technicalAccountEmail,
        SCOPES: c.scopes,
      },
      { imsUrl: emulator.imsUrl },
    );
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
  });

  it('reports a file that does not exist', () => {
    expect(() => fromConsoleCredentials(join(dir, 'missing.json'))).toThrow(ConfigurationError);
  });
});

describe('fromCredentials', () => {
  it('takes loaded credentials, checking them once', async () => {
    const auth = fromCredentials(readCredentialsFromEnvironment(environment()));
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
  });

  it('takes a check result as it is, and checks anything shaped like one', async () => {
    const check = checkOAuthCredentials(readCredentialsFromEnvironment(environment()));
    const auth = fromCredentials(check);
    expect(auth.imsUrl).toBe(emulator.imsUrl);
    await expect(auth.getToken()).resolves.toMatchObject({ tokenType: 'bearer' });
    // a look-alike is not trusted: its plain-http IMS URL is refused like any other setting
    const forged = { ...check, credentials: { ...check.credentials!, imsUrl: 'http://ims.example.com' } };
    expect(() => fromCredentials(forged)).toThrow(ConfigurationError);
  });

  it('reports a failed check with the runtime problems, and advice for JWT settings', () => {
    const check = checkOAuthCredentials(
      readCredentialsFromEnvironment({
        ...environment(),
        ACS_SCOPES: undefined,
        ACS_METASCOPES: 'ent_campaign_sdk',
      }),
    );
    let error: unknown;
    try {
      fromCredentials(check, { refreshWindowMs: -1 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toBe(
      'Invalid configuration (environment): ACS_SCOPES is missing, and ACS_METASCOPES belongs to a JWT (Service Account) configuration; ' +
        'refreshWindowMs must be a number of milliseconds, 0 or more',
    );
    expect((error as ConfigurationError).hint).toMatch(
      /^JWT credentials stopped working in 2025-2026: migrate to OAuth Server-to-Server \(see docs\/guides\/migrate-jwt-to-oauth\.md/,
    );
  });
});
