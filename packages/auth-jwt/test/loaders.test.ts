import { fileURLToPath } from 'node:url';
import { ConfigurationError, readCredentialsFromEnvironment } from '@campaign-standard/core';
import { describe, expect, it } from 'vitest';
import {
  checkJwtCredentials,
  createJwtAuth,
  fromConsoleCredentials,
  fromCredentials,
  fromEnvironment,
} from '../src/index.js';
import { CLIENT_SECRET, makeRsaKeys, ORG, TECHNICAL_ACCOUNT } from './keys.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const keys = makeRsaKeys();

function configurationError(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('fromConsoleCredentials', () => {
  it('completes a JWT workspace download with the key passed in code', () => {
    const auth = fromConsoleCredentials(fixture('workspace-jwt.json'), {
      privateKey: keys.keyObject,
      quietDeprecation: true,
    });
    expect(auth).toMatchObject({
      kind: 'jwt',
      clientId: '0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f',
      orgId: ORG,
      technicalAccountId: '0A1B2C3D4E5F6A7B8C9D0E1F@techacct.adobe.com',
      metascopes: ['ent_campaign_sdk', 'ent_adobeio_sdk'],
      imsUrl: 'https://ims-na1.adobelogin.com',
    });
  });

  it('takes the metascopes in code for the per-credential JWT download', () => {
    const auth = fromConsoleCredentials(fixture('credential-jwt.json'), {
      privateKey: keys.pkcs1,
      metascopes: ['ent_campaign_sdk'],
      quietDeprecation: true,
    });
    expect(auth.metascopes).toEqual(['ent_campaign_sdk']);
  });

  it('says the key is never in a download', () => {
    expect(configurationError(() => fromConsoleCredentials(fixture('workspace-jwt.json'))).message).toBe(
      `Invalid configuration (${fixture('workspace-jwt.json')}): privateKey is missing: a Developer Console download never contains the private key; pass privateKey or privateKeyFile`,
    );
  });

  it('points an OAuth download to @campaign-standard/auth-oauth', () => {
    const error = configurationError(() =>
      fromConsoleCredentials(fixture('credential-oauth.json'), { privateKey: keys.pkcs8 }),
    );
    expect(error.message).toBe(
      `Invalid configuration (${fixture('credential-oauth.json')}): TYPE describes only an OAuth Server-to-Server credential, no JWT (Service Account) one`,
    );
    expect(error.hint).toMatch(
      /^These settings are for OAuth Server-to-Server: use createOAuthServerToServerAuth .* from @campaign-standard\/auth-oauth/,
    );
  });
});

describe('fromEnvironment', () => {
  const ENV = {
    ACS_CLIENT_ID: 'abc123',
    ACS_CLIENT_SECRET: CLIENT_SECRET,
    ACS_ORG_ID: ORG,
    ACS_TECHNICAL_ACCOUNT_ID: TECHNICAL_ACCOUNT,
    ACS_METASCOPES: 'ent_campaign_sdk',
    ACS_SUPPRESS_JWT_WARNING: '1',
  };

  it('names ACS_PRIVATE_KEY_FILE when the key file is missing', () => {
    expect(
      configurationError(() => fromEnvironment({ ...ENV, ACS_PRIVATE_KEY_FILE: '/nonexistent/private.key' }))
        .message,
    ).toBe(
      'Invalid configuration (environment): ACS_PRIVATE_KEY_FILE names "/nonexistent/private.key", which does not exist',
    );
  });

  it('reports bad runtime options together with the credential problems', () => {
    expect(
      configurationError(() =>
        fromEnvironment(
          { ...ENV, ACS_ORG_ID: 'acme', ACS_PRIVATE_KEY: keys.pkcs8 },
          {
            jwtLifetimeSeconds: Number.NaN,
          },
        ),
      ).message,
    ).toBe(
      'Invalid configuration (environment): ACS_ORG_ID "acme" is not an IMS organization id: it ends with "@AdobeOrg"; jwtLifetimeSeconds must be a number of seconds',
    );
  });
});

describe('createJwtAuth options', () => {
  it('reports every problem at once, pointing OAuth names elsewhere', () => {
    const error = configurationError(() =>
      createJwtAuth({
        clientId: 'abc123',
        clientSecret: CLIENT_SECRET,
        orgId: ORG,
        technicalAccountId: 'T1',
        metascopes: [],
        privateKey: keys.pkcs8,
        // @ts-expect-error scopes belong to OAuth Server-to-Server
        scopes: ['openid'],
      }),
    );
    expect(error.message).toBe(
      'Invalid configuration (options): technicalAccountId "T1" is not a technical account id: it ends with "@techacct.adobe.com"; ' +
        'metascopes is empty: for Campaign, give ent_campaign_sdk; ' +
        'scopes belongs to OAuth Server-to-Server: a JWT credential takes metascopes. To migrate, see toOAuthServerToServerConfig',
    );
  });
});

describe('fromCredentials', () => {
  const ENV = {
    ACS_CLIENT_ID: 'abc123',
    ACS_CLIENT_SECRET: CLIENT_SECRET,
    ACS_ORG_ID: ORG,
    ACS_TECHNICAL_ACCOUNT_ID: TECHNICAL_ACCOUNT,
    ACS_METASCOPES: 'ent_campaign_sdk',
  };

  it('takes loaded credentials, or a check result as it is', () => {
    const loaded = readCredentialsFromEnvironment({ ...ENV, ACS_PRIVATE_KEY: keys.pkcs8 });
    expect(fromCredentials(loaded, { quietDeprecation: true }).clientId).toBe('abc123');
    const check = checkJwtCredentials(loaded);
    expect(fromCredentials(check, { quietDeprecation: true }).metascopes).toEqual(['ent_campaign_sdk']);
  });

  it('names the key file setting when the file cannot be read', () => {
    const check = checkJwtCredentials(
      readCredentialsFromEnvironment({ ...ENV, ACS_PRIVATE_KEY_FILE: '/nonexistent/private.key' }),
    );
    expect(configurationError(() => fromCredentials(check, { quietDeprecation: true })).message).toBe(
      'Invalid configuration (environment): ACS_PRIVATE_KEY_FILE names "/nonexistent/private.key", which does not exist',
    );
  });
});
