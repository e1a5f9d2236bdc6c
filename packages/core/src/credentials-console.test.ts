import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { consoleCredentialJson, readConsoleCredentials, STAGE_IMS_URL } from './credentials-console.js';
import { requireOAuthCredentials } from './credentials-validate.js';
import { ConfigurationError } from './errors.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));
const ORG = '1A2B3C4D5E6F7A8B9C0D1E2F@AdobeOrg';
const CAMPAIGN_SCOPES = [
  'openid',
  'AdobeID',
  'campaign_sdk',
  'additional_info.projectedProductContext',
  'campaign_config_server_general',
  'deliverability_service_general',
];

function configurationError(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('workspace JSON ("Download all")', () => {
  it('reads an OAuth Server-to-Server credential, with the org id from project.org', () => {
    const loaded = readConsoleCredentials(fixture('workspace-oauth.json'));
    expect(loaded.format).toBe('workspace');
    expect(loaded.source).toBe(fixture('workspace-oauth.json'));
    expect(requireOAuthCredentials(loaded)).toEqual({
      clientId: '4f6b1c0e9a2d4e7f8b3c5d6e7f8a9b0c',
      clientSecrets: ['p8e-FAKE0secret0for0tests0only0AAAA'],
      orgId: ORG,
      scopes: CAMPAIGN_SCOPES,
      technicalAccountId: '7E8F9A0B1C2D3E4F5A6B7C8D@techacct.adobe.com',
      technicalAccountEmail: '7e8f9a0b-1c2d-3e4f-5a6b-7c8d9e0f1a2b@techacct.adobe.com',
      imsUrl: 'https://ims-na1.adobelogin.com',
    });
    expect(loaded.fieldNames['oauth.clientId']).toBe(
      'project.workspace.details.credentials[0].oauth_server_to_server.client_id',
    );
  });

  it('reads a Service Account (JWT) credential; the private key must come from elsewhere', () => {
    const loaded = readConsoleCredentials(fixture('workspace-jwt.json'));
    expect(loaded.oauth).toBeUndefined();
    expect(loaded.jwt).toEqual({
      clientId: '0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f',
      clientSecret: 'p8e-FAKE0jwt0secret0for0tests0BBBB',
      technicalAccountId: '0A1B2C3D4E5F6A7B8C9D0E1F@techacct.adobe.com',
      technicalAccountEmail: '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d@techacct.adobe.com',
      metascopes: ['ent_campaign_sdk', 'ent_adobeio_sdk'],
      orgId: ORG,
    });
    expect(loaded.fieldNames['jwt.privateKey']).toBeUndefined();
  });

  it('reads both credentials of a migration workspace, and the OAuth one wins for OAuth', () => {
    const loaded = readConsoleCredentials(fixture('workspace-migrate.json'));
    const oauth = requireOAuthCredentials(loaded);
    expect(oauth.clientSecrets).toEqual(['p8e-FAKE0s2s0secret0for0tests0CCCC']);
    expect(oauth.scopes).toContain('campaign_sdk');
    expect(oauth.scopes).toContain('manage_client_secrets');
    expect(loaded.jwt?.clientSecret).toBe('p8e-FAKE0jwt0secret0for0tests0BBBB');
    expect(loaded.jwt?.metascopes).toEqual(['ent_campaign_sdk', 'ent_adobeio_sdk']);
    expect(loaded.fieldNames['jwt.metascopes']).toBe(
      'project.workspace.details.credentials[0].jwt.meta_scopes',
    );
  });

  it('reads the same from a path, JSON text and a parsed object', () => {
    const path = fixture('workspace-oauth.json');
    const content = readFileSync(path, 'utf8');
    const fromPath = requireOAuthCredentials(readConsoleCredentials(path));
    expect(requireOAuthCredentials(readConsoleCredentials(content))).toEqual(fromPath);
    expect(requireOAuthCredentials(readConsoleCredentials(JSON.parse(content)))).toEqual(fromPath);
    expect(readConsoleCredentials(content).source).toBe('Developer Console JSON');
  });

  it('takes secrets and scopes given as JSON texts, and a client_secret with a note', () => {
    const loaded = readConsoleCredentials({
      project: {
        org: { ims_org_id: ORG },
        workspace: {
          details: {
            credentials: [
              {
                integration_type: 'oauth_server_to_server',
                oauth_server_to_server: {
                  client_id: 'abc123',
                  client_secret: 'p8e-FAKE0single0secret0EEEEEEEE',
                  scopes: '["openid","AdobeID","campaign_sdk"]',
                },
              },
            ],
          },
        },
      },
    });
    expect(requireOAuthCredentials(loaded)).toMatchObject({
      clientSecrets: ['p8e-FAKE0single0secret0EEEEEEEE'],
      scopes: ['openid', 'AdobeID', 'campaign_sdk'],
    });
    expect(loaded.notes).toEqual([
      {
        key: 'oauth.clientSecrets',
        field: 'project.workspace.details.credentials[0].oauth_server_to_server.client_secret',
        problem:
          'is used as the only secret: OAuth Server-to-Server credentials list their secrets in client_secrets',
      },
    ]);
  });
});

describe('per-credential JSON (upper-case keys)', () => {
  it('reads the OAuth Server-to-Server download with two secrets', () => {
    const loaded = readConsoleCredentials(fixture('credential-oauth.json'));
    expect(loaded.format).toBe('credential');
    expect(requireOAuthCredentials(loaded)).toMatchObject({
      clientId: '4f6b1c0e9a2d4e7f8b3c5d6e7f8a9b0c',
      clientSecrets: ['p8e-FAKE0secret0for0tests0only0AAAA', 'p8e-FAKE0second0secret0rotation0DD'],
      orgId: ORG,
      scopes: CAMPAIGN_SCOPES,
    });
  });

  it('reads the JWT download (API_KEY) and keeps the certificate expiry dates', () => {
    const loaded = readConsoleCredentials(fixture('credential-jwt.json'));
    expect(loaded.oauth).toBeUndefined();
    expect(loaded.jwt).toMatchObject({
      clientId: '0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f',
      clientSecret: 'p8e-FAKE0jwt0secret0for0tests0BBBB',
      orgId: ORG,
      technicalAccountId: '0A1B2C3D4E5F6A7B8C9D0E1F@techacct.adobe.com',
    });
    expect(loaded.fieldNames['jwt.clientId']).toBe('API_KEY');
    expect(loaded.certificates).toEqual([
      { fingerprint: '3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a', expiresOn: '2025-06-30' },
      { fingerprint: '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b', expiresOn: '2026-01-15' },
    ]);
  });
});

describe('aio config (ims.contexts)', () => {
  it('uses ims.config.current and reads JSON-string lists', () => {
    const loaded = readConsoleCredentials(fixture('aio-config.json'));
    expect(loaded.format).toBe('aio-context');
    expect(requireOAuthCredentials(loaded)).toMatchObject({
      clientId: '4f6b1c0e9a2d4e7f8b3c5d6e7f8a9b0c',
      clientSecrets: ['p8e-FAKE0secret0for0tests0only0AAAA'],
      scopes: ['openid', 'AdobeID', 'campaign_sdk'],
    });
    expect(loaded.fieldNames['oauth.scopes']).toBe('ims.contexts.campaign.scopes');
  });

  it('reads a JWT context chosen by name: key path, metascopes, stage IMS', () => {
    const loaded = readConsoleCredentials(fixture('aio-config.json'), { context: 'legacy' });
    expect(loaded.jwt).toEqual({
      clientId: '0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f',
      clientSecret: 'p8e-FAKE0jwt0secret0for0tests0BBBB',
      orgId: ORG,
      technicalAccountId: '0A1B2C3D4E5F6A7B8C9D0E1F@techacct.adobe.com',
      metascopes: ['ent_campaign_sdk'],
      privateKeyFile: './keys/private.key',
    });
    expect(loaded.imsUrl).toBe(STAGE_IMS_URL);
  });

  it('reads a private key given as a list of lines, and a bare context object', () => {
    const loaded = readConsoleCredentials({
      client_id: 'abc123',
      client_secret: 'p8e-FAKE0jwt0secret0for0tests0BBBB',
      ims_org_id: ORG,
      technical_account_id: 'X1@techacct.adobe.com',
      meta_scopes: '["ent_campaign_sdk"]',
      private_key: [
        '-----BEGIN PRIVATE KEY-----',
        'MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA',
        '-----END PRIVATE KEY-----',
      ],
      passphrase: 'correct horse',
    });
    expect(loaded.jwt).toMatchObject({
      privateKey:
        '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----',
      passphrase: 'correct horse',
      metascopes: ['ent_campaign_sdk'],
    });
    expect(loaded.fieldNames['jwt.privateKey']).toBe('private_key');
  });

  it('asks which context to use when there are several and none is current', () => {
    const error = configurationError(() =>
      readConsoleCredentials({ ims: { contexts: { a: { client_id: 'x' }, b: { client_id: 'y' } } } }),
    );
    expect(error.message).toBe(
      'Invalid configuration (Developer Console JSON): ims.contexts holds several contexts (a, b): choose one with the context option or ims.config.current',
    );
  });
});

describe('consoleCredentialJson', () => {
  it('writes the per-credential download that the reader reads back', () => {
    const credential = {
      clientId: '4f6b1c0e9a2d4e7f8b3c5d6e7f8a9b0c',
      clientSecrets: ['p8e-FAKE0secret0for0tests0only0AAAA', 'p8e-FAKE0second0secret0rotation0DD'],
      orgId: ORG,
      scopes: CAMPAIGN_SCOPES,
      technicalAccountId: '7E8F9A0B1C2D3E4F5A6B7C8D@techacct.adobe.com',
      technicalAccountEmail: '7e8f9a0b-1c2d-3e4f-5a6b-7c8d9e0f1a2b@techacct.adobe.com',
    };
    const json = consoleCredentialJson(credential);
    expect(json).toEqual(JSON.parse(readFileSync(fixture('credential-oauth.json'), 'utf8')));
    expect(requireOAuthCredentials(readConsoleCredentials(JSON.stringify(json)))).toEqual({
      ...credential,
      imsUrl: 'https://ims-na1.adobelogin.com',
    });
  });
});
