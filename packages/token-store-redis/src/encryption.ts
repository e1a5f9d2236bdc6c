import { isStoredToken, type StoredToken } from '@campaign-standard/core';

const FORMAT = 'v1';
const SALT = new TextEncoder().encode('@campaign-standard/token-store-redis v1');
const IV_BYTES = 12;

function subtle(): SubtleCrypto {
  const value = globalThis.crypto?.subtle;
  if (!value) throw new Error('Web Crypto (globalThis.crypto.subtle) is not available in this runtime');
  return value;
}

function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(text, 'base64url'));
}

/**
 * Encrypts and decrypts token entries with AES-256-GCM. Each Redis key gets its own key, derived
 * from the credential's secret with HKDF-SHA-256 (the Redis key is the HKDF `info`); the Redis key
 * is also the additional authenticated data, so an entry copied under another key does not decrypt.
 */
export interface EntryCipher {
  /** `v1.<iv>.<ciphertext and tag>`, base64url. */
  seal(redisKey: string, entry: StoredToken): Promise<string>;
  /** The entry, or `undefined` when it was written under another secret, tampered with or is not ours. */
  open(redisKey: string, text: string): Promise<StoredToken | undefined>;
}

/** An {@link EntryCipher} whose keys are derived from `secret`. */
export function createEntryCipher(secret: string): EntryCipher {
  const material = subtle().importKey('raw', new TextEncoder().encode(secret), 'HKDF', false, ['deriveKey']);
  // Promise rejections surface on first use, not at creation time.
  material.catch(() => undefined);
  const keys = new Map<string, Promise<CryptoKey>>();

  const keyFor = (redisKey: string): Promise<CryptoKey> => {
    let key = keys.get(redisKey);
    if (!key) {
      key = material.then((base) =>
        subtle().deriveKey(
          { name: 'HKDF', hash: 'SHA-256', salt: SALT, info: new TextEncoder().encode(redisKey) },
          base,
          { name: 'AES-GCM', length: 256 },
          false,
          ['encrypt', 'decrypt'],
        ),
      );
      keys.set(redisKey, key);
    }
    return key;
  };

  return {
    async seal(redisKey, entry) {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const sealed = await subtle().encrypt(
        { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(redisKey) },
        await keyFor(redisKey),
        new TextEncoder().encode(JSON.stringify(entry)),
      );
      return `${FORMAT}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
    },

    async open(redisKey, text) {
      const [format, iv, sealed, ...rest] = text.split('.');
      if (format !== FORMAT || !iv || !sealed || rest.length > 0) return undefined;
      try {
        const plain = await subtle().decrypt(
          { name: 'AES-GCM', iv: fromBase64Url(iv), additionalData: new TextEncoder().encode(redisKey) },
          await keyFor(redisKey),
          fromBase64Url(sealed),
        );
        const value: unknown = JSON.parse(new TextDecoder().decode(plain));
        return isStoredToken(value) ? value : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
