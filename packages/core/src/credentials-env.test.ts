import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readConsoleCredentials } from './credentials-console.js';
import {
  credentialSettings,
  credentialsFromSettings,
  readCredentialsFromEnvironment,
} from './credentials-env.js';
import { requireOAuthCredentials } from './credentials-validate.js';
import type { ConfigurationError } from './errors.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));
const ORG = '1A2B3C4D5E6F7A8B9C0D1E2F@AdobeOrg';
const TECHNICAL_ACCOUNT = '7E8F9A0B1C2D3E4F5A6B7C8D@techacct.adobe.com';

const OAUTH_ENV = {
  ACS_CLIENT_ID: '4f6b1c0e9a2d4e7f8b3c5d6e7f8a9b0c',
  ACS_CLIENT_SECRET: 'p8e-FAKE0secret0for0tests0only0AAAA',
  ACS_ORG_ID: ORG,
  ACS_SCOPES: 'openid, AdobeID,campaign_sdk',
};
const JWT_ENV = {
  ACS_CLIENT_ID: '0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f',
  ACS_CLIENT_SECRET: 'p8e-FAKE0jwt0secret0for0tests0BBBB',
  ACS_ORG_ID: ORG,
  ACS_TECHNICAL_ACCOUNT_ID: TECHNICAL_ACCOUNT,
  ACS_METASCOPES: 'ent_campaign_sdk',
};

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('readCredentialsFromEnvironment', () => {
  it('reads OAuth Server-to-Server variables, trimming and splitting the scope list', () => {
    expect(requireOAuthCredentials(readCredentialsFromEnvironment(OAUTH_ENV))).toEqual({
      clientId: '4f6b1c0e9a2d4e7f8b3c5d6e7f8a9b0c',
      clientSecrets: ['p8e-FAKE0secret0for0tests0only0AAAA'],
      orgId: ORG,
      scopes: ['openid', 'AdobeID', 'campaign_sdk'],
      imsUrl: 'https://ims-na1.adobelogin.com',
    });
  });

  it('reads ACS_CLIENT_SECRETS as a comma list or a JSON list', () => {
    const base = { ...OAUTH_ENV, ACS_CLIENT_SECRET: undefined };
    const comma = readCredentialsFromEnvironment({
      ...base,
      ACS_CLIENT_SECRETS: 'p8e-one-aaaaaaaa, p8e-two-bbbbbbbb',
    });
    const json = readCredentialsFromEnvironment({
      ...base,
      ACS_CLIENT_SECRETS: '["p8e-one-aaaaaaaa","p8e-two-bbbbbbbb"]',
    });
    expect(requireOAuthCredentials(comma).clientSecrets).toEqual(['p8e-one-aaaaaaaa', 'p8e-two-bbbbbbbb']);
    expect(requireOAuthCredentials(json).clientSecrets).toEqual(['p8e-one-aaaaaaaa', 'p8e-two-bbbbbbbb']);
    expect(comma.fieldNames['oauth.clientSecrets']).toBe('ACS_CLIENT_SECRETS');
  });

  it('reads the instance and origin variables', () => {
    const loaded = readCredentialsFromEnvironment({
      ...OAUTH_ENV,
      ACS_TENANT: 'acme',
      ACS_ENVIRONMENT: 'stage',
      ACS_BASE_URL: 'http://127.0.0.1:4010',
      ACS_IMS_URL: 'http://127.0.0.1:4011/',
    });
    expect(loaded).toMatchObject({
      tenant: 'acme',
      environment: 'stage',
      baseUrl: 'http://127.0.0.1:4010',
      imsUrl: 'http://127.0.0.1:4011/',
    });
    expect(requireOAuthCredentials(loaded).imsUrl).toBe('http://127.0.0.1:4011');
  });

  it('reads process.env when no map is given', () => {
    for (const [name, value] of Object.entries(OAUTH_ENV)) vi.stubEnv(name, value);
    expect(requireOAuthCredentials(readCredentialsFromEnvironment()).clientId).toBe(
      '4f6b1c0e9a2d4e7f8b3c5d6e7f8a9b0c',
    );
  });

  it('reads JWT variables with a key file, the passphrase as written', () => {
    const loaded = readCredentialsFromEnvironment({
      ...JWT_ENV,
      ACS_PRIVATE_KEY_FILE: '/keys/private.key',
      ACS_PRIVATE_KEY_PASSPHRASE: ' spaced pass ',
    });
    expect(loaded.jwt).toEqual({
      clientId: '0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f',
      clientSecret: 'p8e-FAKE0jwt0secret0for0tests0BBBB',
      orgId: ORG,
      technicalAccountId: TECHNICAL_ACCOUNT,
      metascopes: ['ent_campaign_sdk'],
      privateKeyFile: '/keys/private.key',
      passphrase: ' spaced pass ',
    });
    expect(loaded.fieldNames['jwt.privateKeyFile']).toBe('ACS_PRIVATE_KEY_FILE');
  });

  it("keeps a key text as written: repairing it is the JWT strategy's business", () => {
    const key = '"-----BEGIN PRIVATE KEY-----\\nAAAA\\n-----END PRIVATE KEY-----"';
    expect(readCredentialsFromEnvironment({ ...JWT_ENV, ACS_PRIVATE_KEY: key }).jwt?.privateKey).toBe(key);
  });

  it('merges ACS_CREDENTIALS_FILE under the explicit variables', () => {
    const loaded = readCredentialsFromEnvironment({
      ACS_CREDENTIALS_FILE: fixture('credential-oauth.json'),
      ACS_SCOPES: 'openid,campaign_sdk',
      ACS_TENANT: 'acme',
    });
    expect(loaded.source).toBe(`environment and ${fixture('credential-oauth.json')}`);
    expect(requireOAuthCredentials(loaded)).toMatchObject({
      clientId: '4f6b1c0e9a2d4e7f8b3c5d6e7f8a9b0c',
      clientSecrets: ['p8e-FAKE0secret0for0tests0only0AAAA', 'p8e-FAKE0second0secret0rotation0DD'],
      scopes: ['openid', 'campaign_sdk'],
    });
    expect(loaded.fieldNames['oauth.clientId']).toBe('CLIENT_ID');
    expect(loaded.fieldNames['oauth.scopes']).toBe('ACS_SCOPES');
    expect(loaded.tenant).toBe('acme');
  });

  it('names ACS_CREDENTIALS_FILE when the file is missing', () => {
    const error = (() => {
      try {
        readCredentialsFromEnvironment({ ACS_CREDENTIALS_FILE: '/nonexistent/creds.json' });
      } catch (caught) {
        return caught as ConfigurationError;
      }
    })();
    expect(error?.message).toBe(
      'Invalid configuration (environment): ACS_CREDENTIALS_FILE names "/nonexistent/creds.json", which does not exist',
    );
  });

  it('says to pass JSON content where the runtime cannot read files', () => {
    const proc = globalThis.process as { getBuiltinModule?: unknown };
    const original = proc.getBuiltinModule;
    proc.getBuiltinModule = undefined;
    try {
      expect(() =>
        readCredentialsFromEnvironment({ ACS_CREDENTIALS_FILE: fixture('credential-oauth.json') }),
      ).toThrow(
        `Invalid configuration (environment): ACS_CREDENTIALS_FILE names a file ("${fixture('credential-oauth.json')}") but this runtime cannot read files: pass the JSON content instead of a path`,
      );
    } finally {
      proc.getBuiltinModule = original;
    }
  });
});

describe('credentialsFromSettings', () => {
  it('names each value as it was given, and takes lists read from a file as they are', () => {
    const loaded = credentialsFromSettings(
      {
        ACS_CLIENT_ID: { value: 'abc', field: '--client-id' },
        ACS_CLIENT_SECRETS: { value: ['p8e-one-aaaaaaaa', 'p8e-two,with-comma'], field: 'CLIENT_SECRETS' },
        ACS_SCOPES: 'openid,AdobeID',
        ACS_ORG_ID: { value: 'acme', field: 'profile "dev"' },
      },
      { source: 'flags and profile "dev"' },
    );
    expect(loaded.oauth).toMatchObject({
      clientId: 'abc',
      clientSecrets: ['p8e-one-aaaaaaaa', 'p8e-two,with-comma'],
      scopes: ['openid', 'AdobeID'],
    });
    expect(loaded.fieldNames).toMatchObject({
      'oauth.clientId': '--client-id',
      'oauth.clientSecrets': 'CLIENT_SECRETS',
      'oauth.scopes': 'ACS_SCOPES',
      'oauth.orgId': 'profile "dev"',
    });
    expect(loaded.source).toBe('flags and profile "dev"');
  });

  it('replaces a whole group of the download below: a secret its secret list, a key file its key', () => {
    const base = readConsoleCredentials(fixture('credential-oauth.json'));
    expect(base.oauth?.clientSecrets).toHaveLength(2);
    const loaded = credentialsFromSettings({ ACS_CLIENT_SECRET: 'p8e-from-the-environment' }, { base });
    expect(loaded.oauth?.clientSecrets).toEqual(['p8e-from-the-environment']);
    expect(loaded.fieldNames['oauth.clientSecrets']).toBe('ACS_CLIENT_SECRET');
    expect(loaded.oauth?.clientId).toBe(base.oauth?.clientId);
    expect(base.oauth?.clientSecrets).toHaveLength(2);

    const aio = readConsoleCredentials(fixture('aio-config.json'), { context: 'legacy' });
    expect(aio.jwt?.privateKeyFile).toBe('./keys/private.key');
    const withKey = credentialsFromSettings(
      { ACS_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----' },
      { base: aio },
    );
    expect(withKey.jwt?.privateKeyFile).toBeUndefined();
    expect(withKey.jwt?.privateKey).toBe('-----BEGIN PRIVATE KEY-----');
  });

  it('drops what the download below said about a value it replaces', () => {
    const base = readConsoleCredentials({ CLIENT_ID: 'abc', ORG_ID: ORG, SCOPES: '["openid",' });
    expect(base.issues.map((issue) => issue.field)).toEqual(['SCOPES']);
    expect(credentialsFromSettings({ ACS_SCOPES: 'openid' }, { base }).issues).toEqual([]);
  });
});

describe('credentialSettings', () => {
  it('gives the settings of a download with the names they were read under, and back again', () => {
    const loaded = readConsoleCredentials(fixture('workspace-migrate.json'));
    const settings = credentialSettings(loaded);
    expect(settings.ACS_CLIENT_SECRET).toEqual({
      value: 'p8e-FAKE0s2s0secret0for0tests0CCCC',
      field: 'project.workspace.details.credentials[0].oauth_server_to_server.client_secrets',
    });
    expect(settings.ACS_SCOPES?.value).toContain('campaign_sdk');
    expect(settings.ACS_METASCOPES).toEqual({
      value: ['ent_campaign_sdk', 'ent_adobeio_sdk'],
      field: 'project.workspace.details.credentials[0].jwt.meta_scopes',
    });
    expect(settings.ACS_ORG_ID?.field).toBe('project.org.ims_org_id');
    const again = credentialsFromSettings(settings, { source: loaded.source });
    expect(requireOAuthCredentials(again)).toEqual(requireOAuthCredentials(loaded));
    expect(again.fieldNames['oauth.clientSecrets']).toBe(
      'project.workspace.details.credentials[0].oauth_server_to_server.client_secrets',
    );
  });
});
