import type * as NodeCrypto from 'node:crypto';
import { PrivateKeyError } from '@campaign-standard/core';
import { normalizePem, pemRefusal } from './pem.js';

/** A private key as {@link loadPrivateKey} reads it: PEM text, PEM or DER bytes, or a Node `KeyObject`. */
export type NodePrivateKeyInput = string | Uint8Array | NodeCrypto.KeyObject;

/**
 * A Web Crypto private key (`CryptoKey`) as `crypto.subtle.importKey` returns it, described by
 * its shape so no DOM or Workers types are needed: RSASSA-PKCS1-v1_5 with SHA-256, 2048 bits or
 * more, private, with the usage `sign`. The way to give a key in an edge runtime that imports it
 * itself (Cloudflare Workers, Vercel Edge, …).
 */
export interface WebCryptoPrivateKey {
  /** `private` for a key that signs. */
  readonly type: string;
  /** `RSASSA-PKCS1-v1_5`, with its `hash` (`SHA-256`) and `modulusLength`. */
  readonly algorithm: {
    /** The algorithm's name. */
    readonly name: string;
  };
  /** Must include `sign`. */
  readonly usages: readonly string[];
  /** Whether its public half can be read, which lets the token cache tell keys apart. */
  readonly extractable: boolean;
}

/**
 * A private key as the strategy accepts it: PEM text, PEM or DER bytes, a Node `KeyObject`, or a
 * Web Crypto `CryptoKey`. Without `node:crypto` (edge runtimes) PEM and DER keys must be
 * unencrypted PKCS#8.
 */
export type PrivateKeyInput = NodePrivateKeyInput | WebCryptoPrivateKey;

/** @internal The smallest RSA key the Developer Console accepts. */
export const MIN_RSA_BITS = 2048;

/**
 * Node's crypto module, reached without a static `node:` import, where the runtime has one (Node,
 * Deno, Bun; not Cloudflare Workers without `nodejs_compat`). Key handling prefers it: jose's own
 * importers take PKCS#8 only, while Node reads PKCS#1 and encrypted keys as well.
 */
export function findNodeCrypto(): typeof NodeCrypto | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const crypto =
    typeof proc?.getBuiltinModule === 'function' ? proc.getBuiltinModule('node:crypto') : undefined;
  return (crypto as typeof NodeCrypto | undefined) ?? undefined;
}

function nodeCrypto(): typeof NodeCrypto {
  const crypto = findNodeCrypto();
  if (!crypto) {
    throw new PrivateKeyError(
      'loadPrivateKey needs node:crypto (Node >= 20.16, Deno or Bun); this runtime has none. ' +
        'createJwtAuth signs with Web Crypto here: give it an unencrypted PKCS#8 key or a CryptoKey.',
    );
  }
  return crypto;
}

function isKeyObject(value: unknown, crypto: typeof NodeCrypto): value is NodeCrypto.KeyObject {
  return value instanceof crypto.KeyObject;
}

/** What Node said, reduced to a reason a user can act on. Never quotes the key. */
function describeImportFailure(error: unknown, encrypted: boolean, hasPassphrase: boolean): string {
  const code = String((error as { code?: unknown })?.code ?? '');
  const message = error instanceof Error ? error.message : '';
  if (code === 'ERR_MISSING_PASSPHRASE' || (encrypted && !hasPassphrase))
    return 'The private key is encrypted: pass its passphrase (passphrase option or ACS_PRIVATE_KEY_PASSPHRASE)';
  // A wrong passphrase usually fails as "bad decrypt", but about one time in 256 the padding of
  // the wrongly decrypted bytes checks out and the failure is a parse error instead: both mean the
  // passphrase is wrong (or the key damaged), so an encrypted key given a passphrase gets one message.
  if (hasPassphrase && (encrypted || /bad decrypt|BAD_DECRYPT|decrypt/i.test(`${code} ${message}`)))
    return 'The passphrase does not decrypt the private key: check passphrase (or ACS_PRIVATE_KEY_PASSPHRASE)';
  return 'The private key is not a readable PEM or DER key (PKCS#8 or PKCS#1): check that the whole key was copied';
}

/** Options of {@link loadPrivateKey}. */
export interface LoadPrivateKeyOptions {
  /** The passphrase of an encrypted key. */
  passphrase?: string | undefined;
  /**
   * The X.509 certificate (PEM) uploaded to the Developer Console for this credential: when
   * given, the key must be its private half.
   */
  certificate?: string | Uint8Array | undefined;
}

/**
 * Imports a JWT signing key once and checks it is usable for IMS: RSA, at least 2048 bits, the
 * private half of the credential's certificate when one is given.
 *
 * Registers nothing for redaction: the strategy registers the key text where it enters.
 *
 * @throws {@link @campaign-standard/core!PrivateKeyError | PrivateKeyError} for a malformed PEM, a certificate or public key given as the
 *   private key, a missing or wrong passphrase, an EC (or other non-RSA) key, an RSA key under
 *   2048 bits, or a key that does not match the certificate. Messages never contain the key.
 */
export function loadPrivateKey(
  input: NodePrivateKeyInput,
  options: LoadPrivateKeyOptions = {},
): NodeCrypto.KeyObject {
  const crypto = nodeCrypto();
  const { passphrase } = options;
  let key: NodeCrypto.KeyObject;
  if (isKeyObject(input, crypto)) {
    if (input.type !== 'private')
      throw new PrivateKeyError(
        `The key given is a ${input.type} key: the JWT is signed with the private key, not the certificate or public key`,
      );
    key = input;
  } else {
    let text: string | undefined;
    let der: Buffer | undefined;
    if (typeof input === 'string') text = input;
    else if (input instanceof Uint8Array) {
      const bytes = Buffer.from(input);
      const head = bytes.subarray(0, 64).toString('latin1');
      if (head.includes('-----BEGIN') || /^\s*LS0tLS1CRUdJTi/.test(head)) text = bytes.toString('utf8');
      else der = bytes;
    } else
      throw new PrivateKeyError(
        'The private key must be PEM text, a Buffer or a KeyObject (or use privateKeyFile / ACS_PRIVATE_KEY_FILE)',
      );
    if (text !== undefined) {
      const normalized = normalizePem(text);
      const refusal = pemRefusal(normalized);
      if (refusal) throw new PrivateKeyError(refusal);
      const { pem } = normalized;
      if (!pem.includes('PRIVATE KEY-----') && !pem.includes('-----BEGIN '))
        throw new PrivateKeyError(
          'The private key is not PEM text (no "-----BEGIN" line): give the key itself, or its path as privateKeyFile / ACS_PRIVATE_KEY_FILE',
        );
      const encrypted = pem.includes('ENCRYPTED');
      try {
        key = crypto.createPrivateKey({ key: pem, format: 'pem', ...(passphrase ? { passphrase } : {}) });
      } catch (error) {
        throw new PrivateKeyError(describeImportFailure(error, encrypted, Boolean(passphrase)));
      }
    } else {
      key = importDer(crypto, der!, passphrase);
    }
  }
  checkKeyType(key);
  if (options.certificate !== undefined) checkMatchesCertificate(crypto, key, options.certificate);
  return key;
}

function importDer(
  crypto: typeof NodeCrypto,
  der: Buffer,
  passphrase: string | undefined,
): NodeCrypto.KeyObject {
  const attempts: Array<NodeCrypto.PrivateKeyInput> = [
    { key: der, format: 'der', type: 'pkcs8', ...(passphrase ? { passphrase } : {}) },
    { key: der, format: 'der', type: 'pkcs1' },
  ];
  let last: unknown;
  for (const attempt of attempts) {
    try {
      return crypto.createPrivateKey(attempt);
    } catch (error) {
      last = error;
    }
  }
  throw new PrivateKeyError(describeImportFailure(last, false, Boolean(passphrase)));
}

function checkKeyType(key: NodeCrypto.KeyObject): void {
  const type = key.asymmetricKeyType;
  if (type !== 'rsa')
    throw new PrivateKeyError(
      `The private key is ${type === 'ec' ? 'an EC' : `a ${type ?? 'non-RSA'}`} key: IMS accepts RS256 signatures only, which need an RSA key (openssl req -x509 -sha256 -nodes -newkey rsa:2048 …)`,
    );
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < MIN_RSA_BITS)
    throw new PrivateKeyError(
      `The private key is an RSA key of ${bits} bits: the Developer Console requires ${MIN_RSA_BITS} bits or more`,
    );
}

function checkMatchesCertificate(
  crypto: typeof NodeCrypto,
  key: NodeCrypto.KeyObject,
  certificate: string | Uint8Array,
): void {
  let x509: NodeCrypto.X509Certificate;
  try {
    x509 = new crypto.X509Certificate(
      typeof certificate === 'string' ? certificate : Buffer.from(certificate),
    );
  } catch {
    throw new PrivateKeyError('The certificate option is not a PEM or DER X.509 certificate');
  }
  const fromKey = crypto.createPublicKey(key).export({ format: 'der', type: 'spki' });
  const fromCertificate = x509.publicKey.export({ format: 'der', type: 'spki' });
  if (!fromKey.equals(fromCertificate))
    throw new PrivateKeyError(
      `The private key does not match the certificate (SHA-256 fingerprint ${x509.fingerprint256}): ` +
        'use the key the certificate was made from, or upload a certificate made from this key',
    );
}

/** A digest of the key's public half: distinguishes keys in the token cache key without revealing them. */
export function publicKeyId(key: NodeCrypto.KeyObject): string {
  const crypto = nodeCrypto();
  return crypto
    .createHash('sha256')
    .update(crypto.createPublicKey(key).export({ format: 'der', type: 'spki' }))
    .digest('base64url');
}
