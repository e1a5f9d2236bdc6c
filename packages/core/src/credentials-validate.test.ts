import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isCredentialsCheck } from './credentials-check.js';
import { readConsoleCredentials } from './credentials-console.js';
import { readCredentialsFromEnvironment } from './credentials-env.js';
import {
  checkOAuthCredentials,
  type OAuthCredentialsInput,
  requireOAuthCredentials,
} from './credentials-validate.js';
import { ConfigurationError } from './errors.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));
const ORG = '1A2B3C4D5E6F7A8B9C0D1E2F@AdobeOrg';
const SECRET = 'p8e-FAKE0secret0for0tests0only0AAAA';
const GOOD: OAuthCredentialsInput = {
  clientId: '4f6b1c0e9a2d4e7f8b3c5d6e7f8a9b0c',
  clientSecrets: [SECRET],
  orgId: ORG,
  scopes: ['openid', 'AdobeID', 'campaign_sdk'],
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
    'an empty environment, for OAuth',
    () => requireOAuthCredentials(readCredentialsFromEnvironment({})),
    'Invalid configuration (environment): ACS_CLIENT_ID is missing (looked in the environment); ' +
      'ACS_ORG_ID is missing (looked in the environment); ' +
      'ACS_CLIENT_SECRET is missing (looked in the environment): set it, or ACS_CLIENT_SECRETS for a list; ' +
      'ACS_SCOPES is missing (looked in the environment): copy them from the Scopes tab of the credential in the Developer Console',
  ],
  [
    'an org id without @AdobeOrg',
    () => requireOAuthCredentials({ ...GOOD, orgId: '1A2B3C4D5E6F7A8B9C0D1E2F' }),
    'Invalid configuration (options): orgId "1A2B3C4D5E6F7A8B9C0D1E2F" is not an IMS organization id: it ends with "@AdobeOrg"',
  ],
  [
    'a technical account id with the wrong suffix',
    () => requireOAuthCredentials({ ...GOOD, technicalAccountId: '7E8F9A0B1C2D3E4F5A6B7C8D@AdobeOrg' }),
    'Invalid configuration (options): technicalAccountId "7E8F9A0B1C2D3E4F5A6B7C8D@AdobeOrg" is not a technical account id: it ends with "@techacct.adobe.com"',
  ],
  [
    'an empty scope list',
    () => requireOAuthCredentials({ ...GOOD, scopes: [] }),
    'Invalid configuration (options): scopes is empty: copy the scopes from the Scopes tab of the credential in the Developer Console',
  ],
  [
    'three client secrets',
    () =>
      requireOAuthCredentials({
        ...GOOD,
        clientSecrets: [SECRET, 'p8e-second-xxxxxxxx', 'p8e-third-yyyyyyyy'],
      }),
    'Invalid configuration (options): clientSecrets holds 3 secrets: a credential has at most 2 (the current one and the one being rotated in)',
  ],
  [
    'an http IMS URL that is not loopback',
    () => requireOAuthCredentials({ ...GOOD, imsUrl: 'http://ims-na1.adobelogin.com' }),
    'Invalid configuration (options): imsUrl must use https (http is allowed for loopback only): http://ims-na1.adobelogin.com',
  ],
  [
    'an ACS_IMS_URL that is not a URL',
    () =>
      requireOAuthCredentials(
        readCredentialsFromEnvironment({ ...envOf(GOOD), ACS_IMS_URL: 'ims-na1.adobelogin.com' }),
      ),
    'Invalid configuration (environment): ACS_IMS_URL "ims-na1.adobelogin.com" is not a URL',
  ],
  [
    'a JWT environment given to the OAuth loader',
    () =>
      requireOAuthCredentials(
        readCredentialsFromEnvironment({
          ...envOf(GOOD),
          ACS_SCOPES: undefined,
          ACS_PRIVATE_KEY_FILE: './private.key',
          ACS_METASCOPES: 'ent_campaign_sdk',
        }),
      ),
    'Invalid configuration (environment): ACS_SCOPES is missing, and ACS_PRIVATE_KEY_FILE and ACS_METASCOPES belong to a JWT (Service Account) configuration',
  ],
  [
    'a JWT-only workspace given to the OAuth loader',
    () => requireOAuthCredentials(readConsoleCredentials(fixture('workspace-jwt.json'))),
    `Invalid configuration (${fixture('workspace-jwt.json')}): project.workspace.details.credentials describes only a JWT (Service Account) credential, no OAuth Server-to-Server one`,
  ],
  [
    'a broken JSON list in ACS_SCOPES',
    () =>
      requireOAuthCredentials(readCredentialsFromEnvironment({ ...envOf(GOOD), ACS_SCOPES: '["openid",' })),
    'Invalid configuration (environment): ACS_SCOPES starts with "[" but is not a valid JSON list: write ["a","b"] or a,b',
  ],
  [
    'a broken JSON list in ACS_CLIENT_SECRETS',
    () =>
      requireOAuthCredentials(
        readCredentialsFromEnvironment({
          ...envOf(GOOD),
          ACS_CLIENT_SECRET: undefined,
          ACS_CLIENT_SECRETS: `['${SECRET}']`,
        }),
      ),
    'Invalid configuration (environment): ACS_CLIENT_SECRETS starts with "[" but is not a valid JSON list: write ["a","b"] or a,b',
  ],
  [
    'an unknown ACS_ENVIRONMENT',
    () =>
      requireOAuthCredentials(readCredentialsFromEnvironment({ ...envOf(GOOD), ACS_ENVIRONMENT: 'prod' })),
    'Invalid configuration (environment): ACS_ENVIRONMENT is "prod", not one of: production, stage',
  ],
  [
    'a client id that is not a string, and one that is a secret',
    () => requireOAuthCredentials({ ...GOOD, clientId: 42 as unknown as string }),
    'Invalid configuration (options): clientId must be a string, not a number',
  ],
  [
    'a client secret given as the client id',
    () => requireOAuthCredentials({ ...GOOD, clientId: SECRET }),
    'Invalid configuration (options): clientId looks like a client secret (it starts with "p8e-"): give the client id (API key)',
  ],
  [
    'JSON text that does not parse',
    () => readConsoleCredentials(`{"CLIENT_ID": "abc",\n "CLIENT_SECRETS": ["${SECRET}"],\n}`),
    'Invalid configuration (Developer Console JSON): jsonOrPath is not valid JSON (error at line 3, column 1)',
  ],
  [
    'a workspace with only an API key credential',
    () => readConsoleCredentials(fixture('workspace-apikey.json')),
    `Invalid configuration (${fixture('workspace-apikey.json')}): project.workspace.details.credentials holds no OAuth Server-to-Server or Service Account (JWT) credential (found: apikey)`,
  ],
  [
    'a workspace JSON without credentials',
    () => readConsoleCredentials({ project: { org: { ims_org_id: ORG }, workspace: { details: {} } } }),
    'Invalid configuration (Developer Console JSON): project.workspace.details.credentials is missing from jsonOrPath: download the workspace JSON again from the Developer Console ("Download all")',
  ],
  [
    'a credential download of another type',
    () => readConsoleCredentials({ TYPE: 'oauthwebapp', CLIENT_ID: 'abc', ORG_ID: ORG }),
    'Invalid configuration (Developer Console JSON): TYPE is "oauthwebapp", not a server-to-server credential: download the OAuth Server-to-Server credential of the project',
  ],
  [
    'JSON that is no credential at all',
    () => readConsoleCredentials({ name: 'package.json?' }),
    'Invalid configuration (Developer Console JSON): jsonOrPath is not a Developer Console credential download: expected project.workspace.details.credentials (workspace JSON), TYPE/CLIENT_ID/ORG_ID (credential JSON) or ims.contexts (aio config)',
  ],
  [
    'JSON text that is a list, not an object',
    () => readConsoleCredentials('[]'),
    'Invalid configuration (Developer Console JSON): jsonOrPath must be a JSON object, not a list',
  ],
  [
    'a path that does not exist',
    () => readConsoleCredentials('./no/such/credentials.json'),
    'Invalid configuration (./no/such/credentials.json): ./no/such/credentials.json does not exist',
  ],
];

function envOf(input: OAuthCredentialsInput): Record<string, string | undefined> {
  return {
    ACS_CLIENT_ID: input.clientId,
    ACS_CLIENT_SECRET: (input.clientSecrets as string[])[0],
    ACS_ORG_ID: input.orgId,
    ACS_SCOPES: (input.scopes as string[]).join(','),
  };
}

describe('malformed credentials: one ConfigurationError with every problem, named as the user wrote it', () => {
  it.each(malformed)('%s', (_name, run, message) => {
    const error = failure(run);
    expect(error.message).toBe(message);
    expect(error.code).toBe('ERR_CONFIGURATION');
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain('no plugin supports');
  });

  it('has at least fifteen cases', () => {
    expect(malformed.length).toBeGreaterThanOrEqual(15);
  });

  it('lists the issues separately, and the notes as a hint', () => {
    const error = failure(() =>
      requireOAuthCredentials({ clientId: 'abc', clientSecret: SECRET, orgId: 'acme', scopes: 'openid' }),
    );
    expect(error.issues).toEqual([
      { field: 'orgId', problem: '"acme" is not an IMS organization id: it ends with "@AdobeOrg"' },
    ]);
    expect(error.hint).toBe(
      'clientSecret is used as the only secret: OAuth Server-to-Server credentials take clientSecrets (a list)',
    );
  });
});

describe('checkOAuthCredentials', () => {
  it('returns the credentials and the notes without throwing', () => {
    const result = checkOAuthCredentials({ ...GOOD, clientSecrets: undefined, clientSecret: SECRET });
    expect(result.issues).toEqual([]);
    expect(result.credentials?.clientSecrets).toEqual([SECRET]);
    expect(result.notes).toHaveLength(1);
  });

  it('accepts plain http for a loopback IMS (the emulator) and drops a trailing slash', () => {
    expect(requireOAuthCredentials({ ...GOOD, imsUrl: 'http://127.0.0.1:4321/' }).imsUrl).toBe(
      'http://127.0.0.1:4321',
    );
  });
});

describe('what core says about the other kind of credential', () => {
  const jwtSettings = [
    () => readConsoleCredentials(fixture('workspace-jwt.json')),
    () =>
      readCredentialsFromEnvironment({
        ...envOf(GOOD),
        ACS_SCOPES: undefined,
        ACS_METASCOPES: 'ent_campaign_sdk',
      }),
  ];

  it.each(jwtSettings)('names no package and no guide, and flags the other kind (%#)', (load) => {
    expect(checkOAuthCredentials(load()).otherKind).toBe('jwt');
    const error = failure(() => requireOAuthCredentials(load()));
    for (const text of [error.message, error.hint ?? ''])
      expect(text).not.toMatch(/@campaign-standard\/|docs\/guides/);
  });

  it('flags nothing for OAuth settings', () => {
    expect(checkOAuthCredentials(GOOD).otherKind).toBeUndefined();
  });
});

describe('check results', () => {
  it('are frozen and known as checked for their kind only', () => {
    const check = checkOAuthCredentials(GOOD);
    expect(Object.isFrozen(check)).toBe(true);
    expect(Object.isFrozen(check.credentials)).toBe(true);
    expect(Object.isFrozen(check.credentials?.clientSecrets)).toBe(true);
    expect(isCredentialsCheck(check, 'oauth')).toBe(true);
    expect(isCredentialsCheck(check, 'jwt')).toBe(false);
    expect(isCredentialsCheck({ ...check }, 'oauth')).toBe(false);
    expect(isCredentialsCheck(JSON.parse(JSON.stringify(check)), 'oauth')).toBe(false);
  });

  it('of another copy of core are checked again, or keep their issues when they failed', () => {
    const passed = { ...checkOAuthCredentials(GOOD) };
    const again = checkOAuthCredentials(passed);
    expect(again).not.toBe(passed);
    expect(isCredentialsCheck(again, 'oauth')).toBe(true);
    expect(again.credentials).toEqual(passed.credentials);
    const failed = { ...checkOAuthCredentials({ ...GOOD, orgId: 'acme' }, 'somewhere') };
    const kept = checkOAuthCredentials(failed);
    expect(kept.credentials).toBeUndefined();
    expect(kept.issues).toEqual(failed.issues);
    expect(kept.source).toBe('somewhere');
  });

  it('keep the names the user wrote, for messages after the check', () => {
    const check = checkOAuthCredentials(readCredentialsFromEnvironment(envOf(GOOD)));
    expect(check.fieldNames['oauth.clientId']).toBe('ACS_CLIENT_ID');
    expect(check.fieldNames['imsUrl']).toBe('ACS_IMS_URL');
  });
});
