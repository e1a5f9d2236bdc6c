import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@campaign-standard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oauth from '../src/index.js';

/**
 * The bad input matrix of the OAuth loaders: broken environments and Developer Console JSON. Each
 * case must fail with its typed error and a message that says what is wrong, never the secret.
 * (The client's matrix, packages/client/test/reliability/bad-input.test.ts, covers its arguments
 * and the servers' answers; auth-jwt's covers the JWT environment and key files.)
 */

type ErrorClass = abstract new (...args: never[]) => Error;
interface Case {
  name: string;
  run: () => unknown;
  error: ErrorClass;
  message: RegExp;
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'acs-oauth-bad-input-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const ORG = '0E1D2C3B4A5F60718293A4B5@AdobeOrg';
const SECRET = 'p8e-BadInputMatrixSecret0123456789';
const oauthEnv = {
  ACS_CLIENT_ID: 'bad-input-client',
  ACS_CLIENT_SECRET: SECRET,
  ACS_ORG_ID: ORG,
  ACS_SCOPES: 'openid,AdobeID,campaign_sdk',
};
const FIXTURES = join(import.meta.dirname, '../../core/test/fixtures');

const configuration: Case[] = [
  {
    name: 'env: nothing set',
    run: () => oauth.fromEnvironment({}),
    error: ConfigurationError,
    message: /ACS_CLIENT_ID is missing.*ACS_ORG_ID is missing/,
  },
  {
    name: 'env: org id without @AdobeOrg',
    run: () => oauth.fromEnvironment({ ...oauthEnv, ACS_ORG_ID: 'ABC123' }),
    error: ConfigurationError,
    message: /ACS_ORG_ID "ABC123" is not an IMS organization id/,
  },
  {
    name: 'env: plain-http IMS URL',
    run: () => oauth.fromEnvironment({ ...oauthEnv, ACS_IMS_URL: 'http://ims.example.com' }),
    error: ConfigurationError,
    message: /ACS_IMS_URL must use https/,
  },
  {
    name: 'env: IMS URL with credentials',
    run: () => oauth.fromEnvironment({ ...oauthEnv, ACS_IMS_URL: 'https://user:pw@ims.example.com' }),
    error: ConfigurationError,
    message: /ACS_IMS_URL must not carry credentials/,
  },
  {
    name: 'env: broken JSON list of secrets',
    run: () =>
      oauth.fromEnvironment({ ...oauthEnv, ACS_CLIENT_SECRET: undefined, ACS_CLIENT_SECRETS: '["p8e-one",' }),
    error: ConfigurationError,
    message: /ACS_CLIENT_SECRETS starts with "\[" but is not a valid JSON list/,
  },
  {
    name: 'env: unknown environment',
    run: () => oauth.fromEnvironment({ ...oauthEnv, ACS_ENVIRONMENT: 'prod' }),
    error: ConfigurationError,
    message: /ACS_ENVIRONMENT is "prod", not one of: production, stage/,
  },
  {
    name: 'env: empty scopes',
    run: () => oauth.fromEnvironment({ ...oauthEnv, ACS_SCOPES: ' ' }),
    error: ConfigurationError,
    message: /ACS_SCOPES is missing/,
  },
  {
    name: 'env: credentials file that does not exist',
    run: () => oauth.fromEnvironment({ ACS_CREDENTIALS_FILE: join(dir, 'nope.json') }),
    error: ConfigurationError,
    message: /ACS_CREDENTIALS_FILE names ".*nope\.json", which does not exist/,
  },
  {
    name: 'env: credentials file that is not JSON',
    run: () => oauth.fromEnvironment({ ACS_CREDENTIALS_FILE: file('notjson.json', 'CLIENT_ID=abc\n') }),
    error: ConfigurationError,
    message: /not valid JSON/,
  },
  {
    name: 'console: JSON cut short',
    run: () => oauth.fromConsoleCredentials('{"project": {"org": '),
    error: ConfigurationError,
    message: /not valid JSON/,
  },
  {
    name: 'console: workspace without credentials',
    run: () => oauth.fromConsoleCredentials('{"project":{}}'),
    error: ConfigurationError,
    message: /project\.workspace\.details\.credentials is missing/,
  },
  {
    name: 'console: per-credential JSON missing fields',
    run: () => oauth.fromConsoleCredentials('{"CLIENT_ID":"x"}'),
    error: ConfigurationError,
    message: /ORG_ID is missing.*CLIENT_SECRETS is missing/,
  },
  {
    name: 'console: path that does not exist',
    run: () => oauth.fromConsoleCredentials(join(dir, 'absent.json')),
    error: ConfigurationError,
    message: /absent\.json does not exist/,
  },
  {
    name: 'console: empty file',
    run: () => oauth.fromConsoleCredentials(file('empty.json', '')),
    error: ConfigurationError,
    message: /empty\.json/,
  },
  {
    name: 'console: JWT-only workspace given to the OAuth loader',
    run: () => oauth.fromConsoleCredentials(join(FIXTURES, 'workspace-jwt.json')),
    error: ConfigurationError,
    message: /OAuth|client_secret|scopes/i,
  },
];

describe('bad input matrix (OAuth loaders)', () => {
  it('has 15 cases', () => {
    expect(configuration).toHaveLength(15);
  });

  it.each(configuration.map((c) => ({ ...c, name: `configuration / ${c.name}` })))(
    '$name',
    async ({ run, error, message }) => {
      let caught: unknown;
      try {
        await run();
      } catch (thrown) {
        caught = thrown;
      }
      expect(caught).toBeInstanceOf(error);
      expect((caught as Error).message).toMatch(message);
      expect(String((caught as Error).message)).not.toContain(SECRET);
    },
  );
});
