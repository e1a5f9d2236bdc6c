import { fileURLToPath } from 'node:url';
import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import {
  ConfigurationError,
  readConsoleCredentials,
  readCredentialsFromEnvironment,
  requireOAuthCredentials,
} from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_PLACEHOLDER, toOAuthServerToServerConfig } from '../src/index.js';
import { CLIENT_SECRET, ORG, TECHNICAL_ACCOUNT } from './keys.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const CAMPAIGN_SCOPES = [
  'openid',
  'AdobeID',
  'campaign_sdk',
  'additional_info.projectedProductContext',
  'campaign_config_server_general',
  'deliverability_service_general',
];
const IO_SCOPES = ['adobeio_api', 'read_client_secret', 'manage_client_secrets'];
const JWT_OPTIONS = {
  clientId: '0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f',
  clientSecret: CLIENT_SECRET,
  orgId: ORG,
  technicalAccountId: TECHNICAL_ACCOUNT,
  metascopes: ['ent_campaign_sdk', 'https://ims-na1.adobelogin.com/s/ent_adobeio_sdk'],
  privateKey: '-----BEGIN PRIVATE KEY-----\n(not read by the migration)\n-----END PRIVATE KEY-----',
};

describe('toOAuthServerToServerConfig', () => {
  it('keeps client, org and technical account, and maps the metascopes to scopes', () => {
    const result = toOAuthServerToServerConfig(JWT_OPTIONS);
    expect(result.config).toEqual({
      clientId: '0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f',
      clientSecrets: [SECRET_PLACEHOLDER],
      orgId: ORG,
      scopes: [...CAMPAIGN_SCOPES, ...IO_SCOPES],
      technicalAccountId: TECHNICAL_ACCOUNT,
    });
    expect(result.scopesFrom).toBe('metascopes');
    expect(result.unknownMetascopes).toEqual([]);
    expect(result.environment).toBe(
      [
        '# OAuth Server-to-Server credential (converted from JWT; no private key needed)',
        'ACS_CLIENT_ID=0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f',
        `ACS_CLIENT_SECRET='${SECRET_PLACEHOLDER}'`,
        `ACS_ORG_ID=${ORG}`,
        `ACS_SCOPES=${[...CAMPAIGN_SCOPES, ...IO_SCOPES].join(',')}`,
        `ACS_TECHNICAL_ACCOUNT_ID=${TECHNICAL_ACCOUNT}`,
        '',
      ].join('\n'),
    );
    expect(result.consoleJson).toEqual({
      TYPE: 'oauthservertoserver',
      ORG_ID: ORG,
      CLIENT_ID: '0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f',
      CLIENT_SECRETS: [SECRET_PLACEHOLDER],
      TECHNICAL_ACCOUNT_ID: TECHNICAL_ACCOUNT,
      SCOPES: [...CAMPAIGN_SCOPES, ...IO_SCOPES],
    });
  });

  it('puts no secret and no key in any output unless asked', () => {
    const text = JSON.stringify(toOAuthServerToServerConfig(JWT_OPTIONS));
    expect(text).not.toContain(CLIENT_SECRET);
    expect(text).not.toContain('PRIVATE KEY');
    expect(text).not.toContain('ACS_PRIVATE_KEY');
    const withSecrets = toOAuthServerToServerConfig(JWT_OPTIONS, { includeSecrets: true });
    expect(withSecrets.config.clientSecrets).toEqual([CLIENT_SECRET]);
    expect(withSecrets.environment).toContain(`ACS_CLIENT_SECRET=${CLIENT_SECRET}\n`);
    expect(withSecrets.notes).toContain(
      "The secret is the JWT credential's: check on the new OAuth Server-to-Server credential's page that it is the same.",
    );
  });

  it('reports unknown metascopes instead of guessing', () => {
    const result = toOAuthServerToServerConfig({
      ...JWT_OPTIONS,
      metascopes: 'ent_campaign_sdk,ent_gdpr_sdk',
    });
    expect(result.config.scopes).toEqual(CAMPAIGN_SCOPES);
    expect(result.unknownMetascopes).toEqual(['ent_gdpr_sdk']);
    expect(result.environment).toContain('# add the scopes for ent_gdpr_sdk from the Developer Console\n');
  });

  it("uses the OAuth credential of the Console's migration workspace", () => {
    const result = toOAuthServerToServerConfig(fixture('workspace-migrate.json'), { includeSecrets: true });
    expect(result.scopesFrom).toBe('oauth-credential');
    expect(result.config.clientSecrets).toEqual(['p8e-FAKE0s2s0secret0for0tests0CCCC']);
    expect(result.config.scopes).toEqual([...CAMPAIGN_SCOPES, ...IO_SCOPES]);
    expect(result.config.clientId).toBe('0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f');
  });

  it('converts a JWT-only workspace and a JWT credential download', () => {
    const workspace = toOAuthServerToServerConfig(fixture('workspace-jwt.json'));
    expect(workspace.scopesFrom).toBe('metascopes');
    expect(workspace.config.scopes).toEqual([...CAMPAIGN_SCOPES, ...IO_SCOPES]);
    expect(workspace.config.technicalAccountEmail).toBe(
      '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d@techacct.adobe.com',
    );
    expect(() => toOAuthServerToServerConfig(fixture('credential-jwt.json'))).toThrow(
      `Invalid configuration (${fixture('credential-jwt.json')}): METASCOPES is missing: the scopes are derived from the metascopes`,
    );
  });

  it('converts a configuration read from the environment, keeping the instance lines', () => {
    const loaded = readCredentialsFromEnvironment({
      ACS_TENANT: 'acme',
      ACS_ENVIRONMENT: 'stage',
      ACS_CLIENT_ID: 'abc123',
      ACS_CLIENT_SECRET: CLIENT_SECRET,
      ACS_ORG_ID: ORG,
      ACS_TECHNICAL_ACCOUNT_ID: TECHNICAL_ACCOUNT,
      ACS_METASCOPES: 'ent_campaign_sdk',
      ACS_PRIVATE_KEY_FILE: './private.key',
      ACS_IMS_URL: 'https://ims-na1-stg1.adobelogin.com',
    });
    const { environment } = toOAuthServerToServerConfig(loaded);
    expect(environment).toBe(
      [
        '# OAuth Server-to-Server credential (converted from JWT; no private key needed)',
        'ACS_TENANT=acme',
        'ACS_ENVIRONMENT=stage',
        'ACS_CLIENT_ID=abc123',
        `ACS_CLIENT_SECRET='${SECRET_PLACEHOLDER}'`,
        `ACS_ORG_ID=${ORG}`,
        `ACS_SCOPES=${CAMPAIGN_SCOPES.join(',')}`,
        `ACS_TECHNICAL_ACCOUNT_ID=${TECHNICAL_ACCOUNT}`,
        'ACS_IMS_URL=https://ims-na1-stg1.adobelogin.com',
        '',
      ].join('\n'),
    );
  });

  it('produces Console JSON that core reads back as OAuth credentials', () => {
    const { consoleJson } = toOAuthServerToServerConfig(JWT_OPTIONS, { includeSecrets: true });
    expect(requireOAuthCredentials(readConsoleCredentials(consoleJson))).toEqual({
      clientId: JWT_OPTIONS.clientId,
      clientSecrets: [CLIENT_SECRET],
      orgId: ORG,
      scopes: [...CAMPAIGN_SCOPES, ...IO_SCOPES],
      technicalAccountId: TECHNICAL_ACCOUNT,
      imsUrl: 'https://ims-na1.adobelogin.com',
    });
  });

  it('names every missing field at once', () => {
    let error: unknown;
    try {
      toOAuthServerToServerConfig({ clientSecret: CLIENT_SECRET, technicalAccountId: TECHNICAL_ACCOUNT });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).message).toBe(
      'Invalid configuration (options): clientId is missing; orgId is missing; metascopes is missing: the scopes are derived from the metascopes',
    );
    expect((error as ConfigurationError).message).not.toContain(CLIENT_SECRET);
  });
});

describe('the converted configuration against the emulator', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
    emulator.registerClient({
      clientId: JWT_OPTIONS.clientId,
      clientSecrets: [CLIENT_SECRET],
      orgId: ORG,
      technicalAccountId: TECHNICAL_ACCOUNT,
      scopes: [...CAMPAIGN_SCOPES, ...IO_SCOPES],
      metascopes: ['ent_campaign_sdk', 'ent_adobeio_sdk'],
    });
  });
  afterAll(() => emulator?.stop());

  it('obtains a token through @campaign-standard/auth-oauth', async () => {
    const { config } = toOAuthServerToServerConfig(JWT_OPTIONS, { includeSecrets: true });
    const auth = createOAuthServerToServerAuth({ ...config, imsUrl: emulator.imsUrl, retry: false });
    const token = await auth.getToken();
    expect(token.tokenType).toBe('bearer');
    expect(auth.clientId).toBe(JWT_OPTIONS.clientId);
    expect(
      emulator.stats.tokenRequests({ clientId: JWT_OPTIONS.clientId, grant: 'client_credentials' }),
    ).toBe(1);
  });
});
