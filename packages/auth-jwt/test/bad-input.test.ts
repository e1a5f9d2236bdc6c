import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError, PrivateKeyError } from '@campaign-standard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as jwt from '../src/index.js';

/**
 * The bad input matrix of the JWT loaders and key files: a broken environment, keys that are not
 * usable. Each case must fail with its typed error and a message that says what is wrong, never
 * the secret. (The client's matrix, packages/client/test/reliability/bad-input.test.ts, covers its
 * arguments and the servers' answers; auth-oauth's covers the OAuth environment and Console JSON.)
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
  dir = mkdtempSync(join(tmpdir(), 'acs-jwt-bad-input-'));
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
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const jwtOptions = {
  clientId: 'bad-input-client',
  clientSecret: SECRET,
  orgId: ORG,
  technicalAccountId: '1A2B3C4D5E6F708192A3B4C5@techacct.adobe.com',
  metascopes: ['ent_campaign_sdk'],
  quietDeprecation: true,
} as const;
const jwtEnv = {
  ACS_CLIENT_ID: jwtOptions.clientId,
  ACS_CLIENT_SECRET: SECRET,
  ACS_ORG_ID: ORG,
  ACS_TECHNICAL_ACCOUNT_ID: jwtOptions.technicalAccountId,
  ACS_METASCOPES: 'ent_campaign_sdk',
  ACS_SUPPRESS_JWT_WARNING: '1',
};

const configuration: Case[] = [
  {
    name: 'env (JWT): key file that does not exist',
    run: () => jwt.fromEnvironment({ ...jwtEnv, ACS_PRIVATE_KEY_FILE: join(dir, 'missing.key') }),
    error: ConfigurationError,
    message: /ACS_PRIVATE_KEY_FILE names ".*missing\.key", which does not exist/,
  },
  {
    name: 'env (JWT): PEM cut to its first line by a .env file',
    run: () => jwt.fromEnvironment({ ...jwtEnv, ACS_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----' }),
    error: ConfigurationError,
    message: /only the first line of a PEM key/,
  },
  {
    name: 'env (JWT): no metascopes',
    run: () => jwt.fromEnvironment({ ...jwtEnv, ACS_METASCOPES: undefined, ACS_PRIVATE_KEY: pkcs8 }),
    error: ConfigurationError,
    message: /ACS_METASCOPES is missing/,
  },
];

const keyFiles: Case[] = [
  {
    name: 'key file: not a PEM at all',
    run: () => jwt.createJwtAuth({ ...jwtOptions, privateKeyFile: file('garbage.key', 'hello world\n') }),
    error: PrivateKeyError,
    message: /The private key is not PEM text/,
  },
  {
    name: 'key file: PEM with a damaged body',
    run: () =>
      jwt.createJwtAuth({
        ...jwtOptions,
        privateKeyFile: file('damaged.key', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'),
      }),
    error: PrivateKeyError,
    message: /not a readable PEM or DER key/,
  },
  {
    name: 'key file: encrypted, no passphrase',
    run: () =>
      jwt.createJwtAuth({
        ...jwtOptions,
        privateKeyFile: file(
          'encrypted.key',
          rsa.privateKey
            .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right horse' })
            .toString(),
        ),
      }),
    error: PrivateKeyError,
    message: /passphrase/i,
  },
  {
    name: 'key file: encrypted, wrong passphrase',
    run: () =>
      jwt.createJwtAuth({
        ...jwtOptions,
        passphrase: 'wrong horse',
        privateKeyFile: file(
          'encrypted2.key',
          rsa.privateKey
            .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'right horse' })
            .toString(),
        ),
      }),
    error: PrivateKeyError,
    message: /passphrase/i,
  },
  {
    name: 'key file: an EC key, not RSA',
    run: () =>
      jwt.createJwtAuth({
        ...jwtOptions,
        privateKeyFile: file(
          'ec.key',
          generateKeyPairSync('ec', { namedCurve: 'P-256' })
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString(),
        ),
      }),
    error: PrivateKeyError,
    message: /RSA/,
  },
  {
    name: 'key file: RSA key of 1024 bits',
    run: () =>
      jwt.createJwtAuth({
        ...jwtOptions,
        privateKeyFile: file(
          'short.key',
          generateKeyPairSync('rsa', { modulusLength: 1024 })
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString(),
        ),
      }),
    error: PrivateKeyError,
    message: /2048/,
  },
  {
    name: 'key file: the public key instead of the private one',
    run: () =>
      jwt.createJwtAuth({
        ...jwtOptions,
        privateKeyFile: file('public.pem', rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString()),
      }),
    error: Error,
    message: /public key|private key/i,
  },
  {
    name: 'key file: a directory',
    run: () => jwt.createJwtAuth({ ...jwtOptions, privateKeyFile: dir }),
    error: ConfigurationError,
    message: /privateKeyFile/,
  },
];

describe('bad input matrix (JWT loaders and key files)', () => {
  const all = [...configuration, ...keyFiles].map((c) => ({ ...c, name: `configuration / ${c.name}` }));

  it('has 11 cases', () => {
    expect(all).toHaveLength(11);
  });

  it.each(all)('$name', async ({ run, error, message }) => {
    let caught: unknown;
    try {
      await run();
    } catch (thrown) {
      caught = thrown;
    }
    expect(caught).toBeInstanceOf(error);
    expect((caught as Error).message).toMatch(message);
    expect(String((caught as Error).message)).not.toContain(SECRET);
  });
});
