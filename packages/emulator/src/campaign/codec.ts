import { createRandom, hashSeed } from '../rng.js';

/** What an opaque key stands for: a record kind and its id, inside one instance. */
export interface DecodedKey {
  tenant: string;
  kind: string;
  id: string;
}

/**
 * Opaque keys as Campaign shows them (`@` + url-safe base64), for records (PKeys) and list
 * cursors (`_lineStart`). Their content is scrambled with a seed-derived stream and carries a
 * checksum, so only this emulator can read them and a forged or truncated key fails to decode.
 */
export class KeyCodec {
  readonly #stream: Uint8Array;

  constructor(seed: number) {
    const random = createRandom(hashSeed(seed, 'pkey'));
    this.#stream = Uint8Array.from({ length: 256 }, () => Math.floor(random() * 256));
  }

  encode(tenant: string, kind: string, id: string | number): string {
    const plain = Buffer.from(`${tenant}|${kind}|${id}`, 'utf8');
    const out = Buffer.alloc(plain.length + 1);
    let sum = 0;
    for (let i = 0; i < plain.length; i++) sum = (sum * 31 + plain[i]!) & 0xff;
    // The checksum also shifts the stream, so keys of neighbouring records share no visible prefix.
    for (let i = 0; i < plain.length; i++) out[i + 1] = plain[i]! ^ this.#stream[(i + 1 + sum * 7) % 256]!;
    out[0] = sum ^ this.#stream[0]!;
    return `@${out.toString('base64url')}`;
  }

  decode(key: string): DecodedKey | undefined {
    if (!key.startsWith('@') || !/^@[A-Za-z0-9_-]+$/.test(key)) return undefined;
    const raw = Buffer.from(key.slice(1), 'base64url');
    if (raw.length < 2) return undefined;
    const plain = Buffer.alloc(raw.length - 1);
    const expected = raw[0]! ^ this.#stream[0]!;
    let sum = 0;
    for (let i = 0; i < plain.length; i++) {
      plain[i] = raw[i + 1]! ^ this.#stream[(i + 1 + expected * 7) % 256]!;
      sum = (sum * 31 + plain[i]!) & 0xff;
    }
    if (expected !== sum) return undefined;
    const [tenant, kind, ...rest] = plain.toString('utf8').split('|');
    if (!tenant || !kind || rest.length === 0) return undefined;
    return { tenant, kind, id: rest.join('|') };
  }
}

/** Campaign's timestamp format: `YYYY-MM-DD HH:MM:SS.mmmZ` (UTC, space separator). */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ');
}

/** A date as `YYYY-MM-DD`. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
