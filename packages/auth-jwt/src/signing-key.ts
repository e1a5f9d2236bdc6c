import { PrivateKeyError, sha256Hex } from '@campaign-standard/core';
import { normalizePem, pemRefusal } from './pem.js';
import {
  findNodeCrypto,
  type LoadPrivateKeyOptions,
  loadPrivateKey,
  MIN_RSA_BITS,
  type NodePrivateKeyInput,
  type PrivateKeyInput,
  publicKeyId,
  type WebCryptoPrivateKey,
} from './private-key.js';

/** The Web Crypto algorithm of an RS256 signing key. */
const RS256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** The key a strategy signs its JWTs with, whichever crypto the runtime has. */
export interface SigningKey {
  /** `node-crypto` (Node, Deno, Bun) or `web-crypto` (edge runtimes, or a `CryptoKey` given). */
  readonly via: 'node-crypto' | 'web-crypto';
  /** The Web Crypto key to sign with, imported once; rejects with a `PrivateKeyError` when it cannot be. */
  key(): Promise<CryptoKey>;
  /** An id of the key's public half for the token cache key; never the key. */
  id(): Promise<string | undefined>;
}

/** True for a Web Crypto `CryptoKey` (the global class where there is one). */
export function isWebCryptoKey(value: unknown): value is WebCryptoPrivateKey {
  const Key = (globalThis as { CryptoKey?: abstract new () => CryptoKey }).CryptoKey;
  return typeof Key === 'function' && value instanceof Key;
}

/** Checks a Web Crypto key can sign RS256 JWTs for IMS; the reason when it cannot. */
function checkWebCryptoKey(key: WebCryptoPrivateKey): CryptoKey {
  const algorithm = key.algorithm as { name?: string; modulusLength?: number; hash?: { name?: string } };
  if (key.type !== 'private')
    throw new PrivateKeyError(
      `The key given is a ${key.type} CryptoKey: the JWT is signed with the private key, not the public key`,
    );
  if (algorithm.name !== RS256.name || algorithm.hash?.name !== RS256.hash)
    throw new PrivateKeyError(
      `The CryptoKey is ${algorithm.name ?? 'of an unknown algorithm'}${algorithm.hash?.name ? ` with ${algorithm.hash.name}` : ''}: ` +
        'IMS accepts RS256 signatures only; import the key as { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }',
    );
  if ((algorithm.modulusLength ?? 0) < MIN_RSA_BITS)
    throw new PrivateKeyError(
      `The private key is an RSA key of ${algorithm.modulusLength ?? 0} bits: the Developer Console requires ${MIN_RSA_BITS} bits or more`,
    );
  if (!key.usages.includes('sign'))
    throw new PrivateKeyError('The CryptoKey cannot sign: import it with the usage "sign"');
  return key as CryptoKey;
}

/** The DER bytes of a PKCS#8 PEM, or the reason Web Crypto cannot import the key. Never quotes it. */
function pkcs8Der(text: string): Uint8Array<ArrayBuffer> {
  const normalized = normalizePem(text);
  const refusal = pemRefusal(normalized);
  if (refusal) throw new PrivateKeyError(refusal);
  const { pem } = normalized;
  const block = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(pem);
  if (!block) {
    const kind = pem.includes('ENCRYPTED')
      ? 'an encrypted key'
      : pem.includes('-----BEGIN RSA PRIVATE KEY-----')
        ? 'a PKCS#1 key (BEGIN RSA PRIVATE KEY)'
        : 'not a PEM private key';
    throw new PrivateKeyError(
      `The private key is ${kind}: without node:crypto (edge runtimes) only an unencrypted PKCS#8 key (BEGIN PRIVATE KEY) ` +
        'can be imported; convert it once with: openssl pkcs8 -topk8 -nocrypt -in private.key -out private.pkcs8.key',
    );
  }
  try {
    return Uint8Array.from(atob(block[1]!.replace(/\s+/g, '')), (char) => char.charCodeAt(0));
  } catch {
    throw new PrivateKeyError(
      'The private key is not a readable PEM key: check that the whole key was copied',
    );
  }
}

/** Imports PKCS#8 PEM text or DER bytes with Web Crypto, extractable so its public half gives the id. */
async function importWithWebCrypto(input: string | Uint8Array): Promise<CryptoKey> {
  let der: Uint8Array<ArrayBuffer>;
  if (typeof input === 'string') der = pkcs8Der(input);
  else {
    const head = new TextDecoder('latin1').decode(input.subarray(0, 64));
    der = head.includes('-----BEGIN') ? pkcs8Der(new TextDecoder().decode(input)) : Uint8Array.from(input);
  }
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('pkcs8', der, RS256, true, ['sign']);
  } catch {
    throw new PrivateKeyError(
      'The private key is not an RSA PKCS#8 key Web Crypto can read (an EC key, or damaged): IMS needs an RSA key of 2048 bits or more',
    );
  }
  return checkWebCryptoKey(key);
}

/** The id of a Web Crypto key's public half (its modulus and exponent), when the key is extractable. */
async function webCryptoKeyId(key: CryptoKey): Promise<string | undefined> {
  if (!key.extractable) return undefined;
  const jwk = await crypto.subtle.exportKey('jwk', key);
  return `jwk:${await sha256Hex(`${jwk.n}.${jwk.e}`)}`;
}

/** Runs `load` once, on first use, so a failed import rejects a token request and nothing else. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load();
    return pending;
  };
}

/**
 * The key a JWT strategy signs with. Where `node:crypto` exists (Node, Deno, Bun) the key is
 * imported and checked at once by {@link loadPrivateKey}: every PEM and DER form, encrypted keys,
 * the certificate check. Elsewhere (Cloudflare Workers and other edge runtimes), and for a Web
 * Crypto `CryptoKey` given as the key, Web Crypto signs: an unencrypted PKCS#8 key (PEM or DER)
 * is imported on first use, and a `CryptoKey` must be RSASSA-PKCS1-v1_5 with SHA-256, 2048 bits
 * or more, private and usable to sign.
 *
 * @throws PrivateKeyError at once for anything that can be told before importing: a key Node
 *   cannot read; a certificate, public key, PKCS#1 or encrypted key without `node:crypto`; a
 *   `CryptoKey` of the wrong kind; a passphrase or certificate check where there is no `node:crypto`.
 */
export function createSigningKey(input: PrivateKeyInput, options: LoadPrivateKeyOptions = {}): SigningKey {
  if (!isWebCryptoKey(input) && findNodeCrypto()) {
    const key = loadPrivateKey(input as NodePrivateKeyInput, options);
    const id = publicKeyId(key);
    // Signing is Web Crypto's in every runtime: jose turns a KeyObject into a CryptoKey with
    // KeyObject.toCryptoKey where it exists, which Workers' node:crypto (nodejs_compat) declares
    // but does not implement; the PKCS#8 bytes of the checked key import everywhere.
    const signWith = once(() => importWithWebCrypto(key.export({ format: 'der', type: 'pkcs8' })));
    return { via: 'node-crypto', key: signWith, id: async () => id };
  }
  if (options.passphrase)
    throw new PrivateKeyError(
      isWebCryptoKey(input)
        ? 'A passphrase was given with a CryptoKey, which is already decrypted: leave the passphrase out'
        : 'An encrypted private key needs node:crypto, which this runtime lacks: give the key decrypted, as PKCS#8 (openssl pkcs8 -topk8 -nocrypt)',
    );
  if (options.certificate !== undefined)
    throw new PrivateKeyError(
      'Checking the key against its certificate needs node:crypto, which this runtime lacks (or a CryptoKey was given): leave the certificate option out',
    );
  if (isWebCryptoKey(input)) {
    const key = checkWebCryptoKey(input);
    const id = once(() => webCryptoKeyId(key));
    return { via: 'web-crypto', key: async () => key, id };
  }
  if (typeof input === 'string')
    pkcs8Der(input); // the reasons that need no import, at once
  else if (!(input instanceof Uint8Array))
    throw new PrivateKeyError(
      'The private key must be PEM text, PEM or DER bytes, or a CryptoKey in a runtime without node:crypto',
    );
  const key = once(() => importWithWebCrypto(input));
  return { via: 'web-crypto', key, id: once(async () => webCryptoKeyId(await key())) };
}
