import { isUtf8 } from 'node:buffer';
import { InputError } from '../errors.js';

const NEWLINE = 0x0a;

/**
 * The index of the first byte of `bytes` that does not belong to a valid UTF-8 sequence, or -1.
 * An incomplete sequence at the very end counts as invalid (the caller cuts it off first).
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      // No overlong forms (E0 80..9F) and no UTF-16 surrogates (ED A0..BF).
      min = b === 0xe0 ? 0xa0 : 0x80;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      // No overlong forms (F0 80..8F) and nothing above U+10FFFF (F4 90..BF).
      min = b === 0xf0 ? 0x90 : 0x80;
      if (b === 0xf4) max = 0x8f;
    } else {
      return i;
    }
    if (i + need >= n) return i;
    const second = bytes[i + 1]!;
    if (second < min || second > max) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k]!;
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** How many bytes at the end of `bytes` start a multi-byte sequence that is not complete yet. */
export function incompleteTail(bytes: Uint8Array): number {
  const n = bytes.length;
  // A sequence is at most 4 bytes: its lead byte is within the last 3 if it is cut.
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back]!;
    if (b >= 0x80 && b < 0xc0) continue; // a continuation byte: look further back
    if (b < 0x80) return 0;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  let count = 0;
  let at = bytes.indexOf(NEWLINE);
  while (at !== -1 && at < end) {
    count++;
    at = bytes.indexOf(NEWLINE, at + 1);
  }
  return count;
}

/**
 * Decodes a byte stream as strict UTF-8: any invalid byte fails with an {@link InputError} that
 * names its line. A leading byte order mark is dropped. `onBytes` sees every raw chunk (hashing).
 */
export async function* decodeUtf8(
  chunks: AsyncIterable<Uint8Array>,
  source: string,
  onBytes?: (chunk: Uint8Array) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let carry: Uint8Array = new Uint8Array(0);
  let linesBefore = 0;
  let first = true;
  const fail = (bytes: Uint8Array, at: number): never => {
    throw new InputError('invalid-utf8', `byte ${bytes[at]!.toString(16).padStart(2, '0')} is not UTF-8`, {
      source,
      line: linesBefore + countNewlines(bytes, at) + 1,
    });
  };
  // The byte order mark, kept by the decoder (ignoreBOM), is dropped from the start of the text.
  const text = (decoded: string): string => {
    if (!first) return decoded;
    first = false;
    return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  };
  for await (const raw of chunks) {
    onBytes?.(raw);
    const bytes: Uint8Array = carry.length > 0 ? Buffer.concat([carry, raw]) : raw;
    const cut = bytes.length - incompleteTail(bytes);
    const whole = bytes.subarray(0, cut);
    if (!isUtf8(whole)) fail(whole, Math.max(0, firstInvalidUtf8(whole)));
    carry = Uint8Array.from(bytes.subarray(cut));
    if (whole.length === 0) continue;
    linesBefore += countNewlines(whole);
    yield text(decoder.decode(whole));
  }
  // An incomplete sequence at the end of the input.
  if (carry.length > 0) fail(carry, 0);
}

/**
 * Splits decoded text into lines (`\n` or `\r\n`), numbered from 1. The last line is yielded even
 * without a final newline.
 */
export async function* splitLines(
  text: AsyncIterable<string>,
): AsyncGenerator<{ line: number; text: string }> {
  let pending = '';
  let line = 0;
  for await (const chunk of text) {
    pending += chunk;
    let start = 0;
    let at = pending.indexOf('\n', start);
    while (at !== -1) {
      line++;
      const end = at > start && pending.charCodeAt(at - 1) === 13 ? at - 1 : at;
      yield { line, text: pending.slice(start, end) };
      start = at + 1;
      at = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  }
  if (pending.length > 0)
    yield { line: line + 1, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending };
}
