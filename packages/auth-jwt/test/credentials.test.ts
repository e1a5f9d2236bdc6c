// The JWT checks and the key repair live here, not in core: core reads the settings, this
// package says whether they make a JWT credential.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  ConfigurationError,
  isCredentialsCheck,
  readConsoleCredentials,
  readCredentialsFromEnvironment,
  redact,
} from '@campaign-standard/core';
import { describe, expect, it } from 'vitest';
import { checkJwtCredentials, normalizePem, requireJwtCredentials } from '../src/index.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const ORG = '1A2B3C4D5E6F7A8B9C0D1E2F@AdobeOrg';
const SECRET = 'p8e-FAKE0secret0for0tests0only0AAAA';
const TECHNICAL_ACCOUNT = '7E8F9A0B1C2D3E4F5A6B7C8D@techacct.adobe.com';
const OAUTH_ADVICE =
  'These settings are for OAuth Server-to-Server: use createOAuthServerToServerAuth (or fromEnvironment, ' +
  'fromConsoleCredentials, fromCredentials) from @campaign-standard/auth-oauth, not the JWT strategy.';
// A throwaway key made for this run; only its PEM shape matters here.
const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();
const JWT_ENV = {
  ACS_CLIENT_ID: '0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f',
  ACS_CLIENT_SECRET: 'p8e-FAKE0jwt0secret0for0tests0BBBB',
  ACS_ORG_ID: ORG,
  ACS_TECHNICAL_ACCOUNT_ID: TECHNICAL_ACCOUNT,
  ACS_METASCOPES: 'ent_campaign_sdk',
};

function failure(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

const malformed: Array<[string, () => unknown, string]> = [
  [
    'an empty environment',
    () => requireJwtCredentials(readCredentialsFromEnvironment({})),
    'Invalid configuration (environment): ACS_CLIENT_ID is missing (looked in the environment); ' +
      'ACS_ORG_ID is missing (looked in the environment); ' +
      'ACS_TECHNICAL_ACCOUNT_ID is missing (looked in the environment); ' +
      'ACS_CLIENT_SECRET is missing (looked in the environment); ' +
      'ACS_METASCOPES is missing (looked in the environment): for Campaign, ent_campaign_sdk; ' +
      'ACS_PRIVATE_KEY is missing (looked in the environment): give the key text, or its path in ACS_PRIVATE_KEY_FILE',
  ],
  [
    'both a private key and a key file',
    () =>
      requireJwtCredentials({
        clientId: 'abc',
        clientSecret: SECRET,
        orgId: ORG,
        technicalAccountId: 'T1@techacct.adobe.com',
        metascopes: ['ent_campaign_sdk'],
        privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
        privateKeyFile: './private.key',
      }),
    'Invalid configuration (options): privateKey and privateKeyFile are both set: give only one',
  ],
  [
    'a file path given as ACS_PRIVATE_KEY',
    () =>
      requireJwtCredentials(
        readCredentialsFromEnvironment({ ...JWT_ENV, ACS_PRIVATE_KEY: './keys/private.key' }),
      ),
    'Invalid configuration (environment): ACS_PRIVATE_KEY is not a PEM key (no "-----BEGIN" line): give the key text, or its path in ACS_PRIVATE_KEY_FILE',
  ],
  [
    'two secrets for a JWT credential',
    () =>
      requireJwtCredentials({
        clientId: 'abc',
        clientSecrets: [SECRET, 'p8e-second-xxxxxxxx'],
        orgId: ORG,
        technicalAccountId: 'T1@techacct.adobe.com',
        metascopes: 'ent_campaign_sdk',
        privateKeyFile: './private.key',
      }),
    'Invalid configuration (options): clientSecrets holds 2 secrets, but a JWT credential has exactly one (clientSecret)',
  ],
  [
    'an empty metascope list',
    () =>
      requireJwtCredentials({
        clientId: 'abc',
        clientSecret: SECRET,
        orgId: ORG,
        technicalAccountId: 'T1@techacct.adobe.com',
        metascopes: [],
        privateKeyFile: './private.key',
      }),
    'Invalid configuration (options): metascopes is empty: for Campaign, give ent_campaign_sdk',
  ],
  [
    'a workspace download, which never holds the key',
    () => requireJwtCredentials(readConsoleCredentials(fixture('workspace-jwt.json'))),
    `Invalid configuration (${fixture('workspace-jwt.json')}): privateKey is missing: a Developer Console download never contains the private key; pass privateKey or privateKeyFile`,
  ],
  [
    'a PEM cut to its first line',
    () =>
      requireJwtCredentials(
        readCredentialsFromEnvironment({ ...JWT_ENV, ACS_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----' }),
      ),
    'Invalid configuration (environment): ACS_PRIVATE_KEY holds only the first line of a PEM key: the rest was lost, typically by an unquoted multi-line value in a .env file. Quote the value, write the line breaks as \\n, or use a key file instead',
  ],
];

describe('malformed JWT credentials: one ConfigurationError with every problem', () => {
  it.each(malformed)('%s', (_name, run, message) => {
    const error = failure(run);
    expect(error.message).toBe(message);
    expect(error.message).not.toContain(SECRET);
  });
});

describe('OAuth Server-to-Server settings given to the JWT strategy', () => {
  it('says so in the message, and what to use instead in the hint', () => {
    const environment = failure(() =>
      requireJwtCredentials(
        readCredentialsFromEnvironment({
          ACS_CLIENT_ID: 'abc',
          ACS_CLIENT_SECRET: SECRET,
          ACS_ORG_ID: ORG,
          ACS_SCOPES: 'openid',
          ACS_TECHNICAL_ACCOUNT_ID: 'T1@techacct.adobe.com',
        }),
      ),
    );
    expect(environment.message).toBe(
      'Invalid configuration (environment): ACS_PRIVATE_KEY is missing, and ACS_SCOPES belongs to an OAuth Server-to-Server configuration; ACS_METASCOPES is missing too',
    );
    expect(environment.hint).toBe(OAUTH_ADVICE);
    const download = failure(() =>
      requireJwtCredentials(readConsoleCredentials(fixture('credential-oauth.json'))),
    );
    expect(download.message).toBe(
      `Invalid configuration (${fixture('credential-oauth.json')}): TYPE describes only an OAuth Server-to-Server credential, no JWT (Service Account) one`,
    );
    expect(download.hint).toBe(OAUTH_ADVICE);
    expect(checkJwtCredentials(readConsoleCredentials(fixture('credential-oauth.json'))).otherKind).toBe(
      'oauth',
    );
  });
});

describe('checkJwtCredentials', () => {
  it('completes a JWT download with a key file and metascopes given in code', () => {
    const loaded = readConsoleCredentials(fixture('credential-jwt.json'));
    loaded.jwt = { ...loaded.jwt, metascopes: ['ent_campaign_sdk'], privateKeyFile: './private.key' };
    const check = checkJwtCredentials(loaded);
    expect(check.credentials).toEqual({
      clientId: '0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f',
      clientSecret: 'p8e-FAKE0jwt0secret0for0tests0BBBB',
      orgId: ORG,
      technicalAccountId: '0A1B2C3D4E5F6A7B8C9D0E1F@techacct.adobe.com',
      technicalAccountEmail: '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d@techacct.adobe.com',
      metascopes: ['ent_campaign_sdk'],
      privateKeyFile: './private.key',
      imsUrl: 'https://ims-na1.adobelogin.com',
    });
    expect(isCredentialsCheck(check, 'jwt')).toBe(true);
  });

  it('reads an aio context chosen by name: key path, metascopes, stage IMS', () => {
    const loaded = readConsoleCredentials(fixture('aio-config.json'), { context: 'legacy' });
    expect(requireJwtCredentials(loaded)).toMatchObject({
      metascopes: ['ent_campaign_sdk'],
      privateKeyFile: './keys/private.key',
      imsUrl: 'https://ims-na1-stg1.adobelogin.com',
    });
  });

  it('registers nothing for redaction', () => {
    const secret = 'jwt-secret-plain-words-never-registered';
    const passphrase = 'jwt-passphrase-plain-words-never-registered';
    const check = checkJwtCredentials({
      clientId: 'abc',
      clientSecret: secret,
      orgId: ORG,
      technicalAccountId: TECHNICAL_ACCOUNT,
      metascopes: 'ent_campaign_sdk',
      privateKey: PEM,
      passphrase,
    });
    expect(check.issues).toEqual([]);
    expect(redact(`${secret} ${passphrase}`)).toBe(`${secret} ${passphrase}`);
  });
});

describe('PEM keys that went through a .env file', () => {
  const keyFrom = (privateKey: string): string =>
    requireJwtCredentials(readCredentialsFromEnvironment({ ...JWT_ENV, ACS_PRIVATE_KEY: privateKey }))
      .privateKey as string;

  it('keeps an intact PEM as a usable key', () => {
    expect(createPrivateKey(keyFrom(PEM)).asymmetricKeyType).toBe('ec');
  });

  it('repairs literal \\n escapes', () => {
    const escaped = PEM.trim().replace(/\n/g, '\\n');
    expect(escaped).not.toContain('\n');
    expect(keyFrom(escaped)).toBe(PEM);
  });

  it('repairs CRLF line ends, line breaks collapsed into spaces and surrounding quotes', () => {
    expect(keyFrom(PEM.replace(/\n/g, '\r\n'))).toBe(PEM);
    expect(keyFrom(PEM.trim().replace(/\n/g, ' '))).toBe(PEM);
    expect(keyFrom(`"${PEM.trim().replace(/\n/g, '\\n')}"`)).toBe(PEM);
  });

  it('decodes a base64-encoded PEM', () => {
    expect(keyFrom(Buffer.from(PEM).toString('base64'))).toBe(PEM);
  });

  it('reports a PEM cut after its first line, and leaves other text alone', () => {
    expect(normalizePem('-----BEGIN PRIVATE KEY-----')).toEqual({
      pem: '-----BEGIN PRIVATE KEY-----',
      truncated: true,
    });
    expect(normalizePem('./keys/private.key')).toEqual({ pem: './keys/private.key', truncated: false });
  });
});
