import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactedExcerpt, registerSecret } from '../../src/redact.js';

/** `redactedExcerpt`: redact, then cut; and no piece of a secret at either end of a cut. */

const REGISTERED = randomBytes(16).toString('hex');
const EXTRA = randomBytes(16).toString('base64url');
const JWT = `eyJhbGciOiJSUzI1NiJ9.${randomBytes(48).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
const P8E = `p8e-${randomBytes(24).toString('base64url')}`;
registerSecret(REGISTERED);

/** True when `text` holds a run of 12 characters of `secret`. */
function holdsPiece(text: string, secret: string): boolean {
  for (let at = 0; at + 12 <= secret.length; at++) if (text.includes(secret.slice(at, at + 12))) return true;
  return false;
}

describe('redactedExcerpt', () => {
  it('keeps a short text whole, redacted, without an ellipsis', () => {
    expect(redactedExcerpt(`a ${REGISTERED} b`, 100, { ellipsis: '…' })).toBe(`a ${REDACTED} b`);
  });

  it('cuts at every offset inside a secret without leaving a piece of it', () => {
    const unregistered = randomBytes(16).toString('hex');
    for (const [secret, extra, before, after] of [
      [REGISTERED, [], '', ''],
      [EXTRA, [EXTRA], '', ''],
      [JWT, [], '', ''],
      [P8E, [], '', ''],
      [unregistered, [], '"client_secret":"', '"'],
    ] as const) {
      for (let offset = 0; offset <= secret.length; offset++) {
        // the secret starts `offset` characters before the 201st: cutting first would split it there
        const pad = 'y'.repeat(200 - offset - before.length);
        const text = `${pad} ${before}${secret}${after} ${'z'.repeat(300)}`;
        const out = redactedExcerpt(text, 201, { extra, ellipsis: '…' });
        expect(holdsPiece(out, secret), `${secret} cut at ${offset}: ${out}`).toBe(false);
        expect(out.length).toBeLessThanOrEqual(202);
        expect(out.endsWith('…')).toBe(true);
      }
    }
  });

  it('never splits a [REDACTED] marker', () => {
    for (let cut = 10; cut < 10 + REDACTED.length; cut++) {
      const out = redactedExcerpt(`${'y'.repeat(9)} ${REGISTERED} tail`, cut);
      expect(out).toBe(`${'y'.repeat(9)} `);
    }
    expect(redactedExcerpt(`${'y'.repeat(9)} ${REGISTERED} tail`, 20)).toBe(`${'y'.repeat(9)} ${REDACTED}`);
  });

  it('treats the start of a registered secret at the end of a text cut elsewhere as the secret', () => {
    for (let kept = 4; kept < REGISTERED.length; kept++) {
      expect(redactedExcerpt(`denied for ${REGISTERED.slice(0, kept)}`, 500)).toBe(`denied for ${REDACTED}`);
    }
    // three characters say nothing about a 32-character secret, and could be any word's end
    expect(redactedExcerpt(`denied for ${REGISTERED.slice(0, 3)}`, 500)).toBe(
      `denied for ${REGISTERED.slice(0, 3)}`,
    );
  });

  it('treats the start of a secret shape at the end as a secret', () => {
    const cases: Array<[string, string]> = [
      [`token ${JWT.slice(0, 30)}`, `token ${REDACTED}`],
      [`secret ${P8E.slice(0, 9)}`, `secret ${REDACTED}`],
      ['{"user":"u","client_secret":"abc123de', `{"user":"u","client_secret":${REDACTED}`],
      ['{"token":["abc123de","fgh', `{"token":${REDACTED}`],
      ['proxy http://user:s3cret-pa', `proxy http://user:${REDACTED}`],
      // not secrets: a port, and ordinary words
      ['listening on http://localhost:8080', 'listening on http://localhost:8080'],
      ['an ordinary sentence', 'an ordinary sentence'],
    ];
    for (const [text, expected] of cases) expect(redactedExcerpt(text, 500)).toBe(expected);
  });

  it('drops, rather than marks, a piece of a secret at its own cut, and stays within the limit', () => {
    const text = `${'y'.repeat(40)} token eyJhbGciOiJSUzI1NiJ9 more`;
    const out = redactedExcerpt(text, 55, { ellipsis: '…' });
    expect(out).toBe(`${'y'.repeat(40)} token …`);
  });

  it('redacts before collapsing whitespace, so a registered key with line breaks still goes', () => {
    const key = `line-one-${randomBytes(8).toString('hex')}\nline-two-${randomBytes(8).toString('hex')}`;
    registerSecret(key);
    const out = redactedExcerpt(`  key:\n${key}\n\n done  `, 500, { collapseWhitespace: true });
    expect(out).toBe(`key: ${REDACTED} done`);
  });

  it('does not split a character outside the Basic Multilingual Plane', () => {
    expect(redactedExcerpt('ab😀cd', 3, { ellipsis: '…' })).toBe('ab…');
  });
});
