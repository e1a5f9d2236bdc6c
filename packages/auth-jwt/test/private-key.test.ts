import { createPublicKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { PrivateKeyError } from '@campaign-standard/core';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadPrivateKey } from '../src/private-key.js';
import { buildJwtClaims, signJwt } from '../src/sign.js';
import { makeCertificate, makeRsaKeys } from './keys.js';

const keys = makeRsaKeys();
const other = makeRsaKeys();
const certificate = makeCertificate(keys.pkcs8);
const otherCertificate = makeCertificate(other.pkcs8);
const body = keys.pkcs8.split('\n')[1]!;

function keyError(run: () => unknown): PrivateKeyError {
  try {
    run();
  } catch (error) {
    if (error instanceof PrivateKeyError) return error;
    throw error;
  }
  throw new Error('expected a PrivateKeyError');
}

const samePublicKey = (loaded: ReturnType<typeof loadPrivateKey>): string =>
  createPublicKey(loaded).export({ format: 'pem', type: 'spki' }).toString();

describe('loadPrivateKey accepts every key form', () => {
  it.each([
    ['PKCS#8 PEM', () => loadPrivateKey(keys.pkcs8)],
    ['PKCS#1 PEM', () => loadPrivateKey(keys.pkcs1)],
    [
      'encrypted PKCS#8 PEM with its passphrase',
      () => loadPrivateKey(keys.encryptedPkcs8, { passphrase: keys.passphrase }),
    ],
    [
      'encrypted PKCS#1 PEM (Proc-Type headers)',
      () => loadPrivateKey(keys.encryptedPkcs1, { passphrase: keys.passphrase }),
    ],
    ['a Buffer of PEM', () => loadPrivateKey(Buffer.from(keys.pkcs8))],
    ['a Buffer of DER', () => loadPrivateKey(keys.der)],
    ['a KeyObject', () => loadPrivateKey(keys.keyObject)],
    ['PEM with \\n escapes', () => loadPrivateKey(keys.pkcs8.replace(/\n/g, '\\n'))],
    ['with its matching certificate', () => loadPrivateKey(keys.pkcs1, { certificate })],
  ])('%s', (_name, load) => {
    expect(samePublicKey(load())).toBe(keys.publicPem);
  });
});

describe('loadPrivateKey rejects unusable keys with a clear PrivateKeyError', () => {
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  });
  const short = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  });
  const cases: Array<[string, () => unknown, string]> = [
    [
      'an EC key',
      () => loadPrivateKey(ec.toString()),
      'The private key is an EC key: IMS accepts RS256 signatures only, which need an RSA key (openssl req -x509 -sha256 -nodes -newkey rsa:2048 …)',
    ],
    [
      'an RSA key under 2048 bits',
      () => loadPrivateKey(short.toString()),
      'The private key is an RSA key of 1024 bits: the Developer Console requires 2048 bits or more',
    ],
    [
      'an encrypted key without passphrase',
      () => loadPrivateKey(keys.encryptedPkcs8),
      'The private key is encrypted: pass its passphrase (passphrase option or ACS_PRIVATE_KEY_PASSPHRASE)',
    ],
    [
      'a wrong passphrase',
      () => loadPrivateKey(keys.encryptedPkcs8, { passphrase: 'not the passphrase' }),
      'The passphrase does not decrypt the private key: check passphrase (or ACS_PRIVATE_KEY_PASSPHRASE)',
    ],
    [
      'a certificate given as the key',
      () => loadPrivateKey(certificate),
      'The key given is a certificate (the public part uploaded to the Developer Console), not the private key it was made from',
    ],
    [
      'a public key given as the key',
      () => loadPrivateKey(keys.publicPem),
      'The key given is a public key: the JWT is signed with the private key',
    ],
    [
      'a public KeyObject',
      () => loadPrivateKey(createPublicKey(keys.keyObject)),
      'The key given is a public key: the JWT is signed with the private key, not the certificate or public key',
    ],
    [
      'a damaged PEM',
      () => loadPrivateKey(keys.pkcs8.replace(body, body.slice(0, 20))),
      'The private key is not a readable PEM or DER key (PKCS#8 or PKCS#1): check that the whole key was copied',
    ],
    [
      'a PEM cut to its first line',
      () => loadPrivateKey('-----BEGIN PRIVATE KEY-----'),
      'The private key holds only the first line of a PEM key: the rest was lost, typically by an unquoted multi-line value in a .env file',
    ],
    [
      'a path given as the key',
      () => loadPrivateKey('./keys/private.key'),
      'The private key is not PEM text (no "-----BEGIN" line): give the key itself, or its path as privateKeyFile / ACS_PRIVATE_KEY_FILE',
    ],
    [
      'a key that does not match the certificate',
      () => loadPrivateKey(keys.pkcs8, { certificate: otherCertificate }),
      `The private key does not match the certificate (SHA-256 fingerprint ${new X509Certificate(otherCertificate).fingerprint256}): use the key the certificate was made from, or upload a certificate made from this key`,
    ],
    [
      'a certificate option that is not a certificate',
      () => loadPrivateKey(keys.pkcs8, { certificate: 'not a certificate' }),
      'The certificate option is not a PEM or DER X.509 certificate',
    ],
  ];

  it.each(cases)('%s', (_name, run, message) => {
    const error = keyError(run);
    expect(error.message).toBe(message);
    expect(error.code).toBe('ERR_PRIVATE_KEY');
    expect(error.message).not.toContain(body);
    expect(JSON.stringify(error)).not.toContain(keys.passphrase);
  });
});

describe('the signed JWT', () => {
  it('has the header and claims IMS expects', async () => {
    const key = loadPrivateKey(keys.pkcs1);
    const now = Date.UTC(2025, 0, 1, 12, 0, 0, 500);
    const claims = buildJwtClaims({
      imsUrl: 'https://ims-na1-stg1.adobelogin.com/',
      clientId: 'abc123',
      orgId: ORG_ID,
      technicalAccountId: 'T1@techacct.adobe.com',
      metascopes: ['ent_campaign_sdk', 'https://ims-na1.adobelogin.com/s/ent_adobeio_sdk'],
      lifetimeSeconds: 300,
      now,
    });
    expect(claims).toEqual({
      exp: Math.floor(now / 1000) + 300,
      iss: ORG_ID,
      sub: 'T1@techacct.adobe.com',
      aud: 'https://ims-na1-stg1.adobelogin.com/c/abc123',
      'https://ims-na1-stg1.adobelogin.com/s/ent_campaign_sdk': true,
      'https://ims-na1-stg1.adobelogin.com/s/ent_adobeio_sdk': true,
    });
    const jwt = await signJwt(claims, key);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(decodeJwt(jwt)).toEqual(claims);
    expect(Number.isInteger(decodeJwt(jwt).exp)).toBe(true);
    await expect(
      jwtVerify(jwt, createPublicKey(keys.keyObject), { currentDate: new Date(now), algorithms: ['RS256'] }),
    ).resolves.toBeDefined();
  });
});

const ORG_ID = '1A2B3C4D5E6F7A8B9C0D1E2F@AdobeOrg';
