import { describe, expect, it } from 'vitest';
import { jwtShaped } from '../test/helpers.js';
import { UnexpectedResponseError } from './errors.js';
import { decodeImsTokenClaims, deriveExpiry } from './expiry.js';

const now = Date.parse('2026-03-01T12:00:00Z');
const HOUR = 3_600_000;

describe('decodeImsTokenClaims', () => {
  it('reads the payload of a JWT-shaped token', () => {
    const token = jwtShaped({ type: 'access_token', created_at: String(now), expires_in: '86400000' });
    expect(decodeImsTokenClaims(token)).toEqual({
      type: 'access_token',
      created_at: String(now),
      expires_in: '86400000',
    });
  });

  it('accepts base64url without padding, plain base64 with padding, and non-ASCII text', () => {
    const claims = { user_id: 'ü?>>~~~', n: 1 };
    const url = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const std = Buffer.from(JSON.stringify(claims)).toString('base64');
    expect(url).toMatch(/[-_]/);
    expect(decodeImsTokenClaims(`h.${url}.s`)).toEqual(claims);
    expect(decodeImsTokenClaims(`h.${std}.s`)).toEqual(claims);
  });

  it('returns undefined for anything that is not a JWT-shaped token', () => {
    expect(decodeImsTokenClaims('opaque-token-value')).toBeUndefined();
    expect(decodeImsTokenClaims('a..c')).toBeUndefined();
    expect(decodeImsTokenClaims('a.!!!.c')).toBeUndefined();
    expect(decodeImsTokenClaims(`a.${Buffer.from('[1,2]').toString('base64url')}.c`)).toBeUndefined();
    expect(decodeImsTokenClaims(`a.${Buffer.from('not json').toString('base64url')}.c`)).toBeUndefined();
    expect(decodeImsTokenClaims(undefined as unknown as string)).toBeUndefined();
  });
});

describe('deriveExpiry', () => {
  it('uses the token claims created_at + expires_in (milliseconds, as strings)', () => {
    const createdAt = now - 5000;
    const token = jwtShaped({ created_at: String(createdAt), expires_in: '86400000' });
    // the response value disagrees on purpose: the claims win
    expect(deriveExpiry({ accessToken: token, expiresIn: 60, unit: 'seconds', now })).toBe(
      createdAt + 86_400_000,
    );
  });

  it('uses numeric claims too', () => {
    const token = jwtShaped({ created_at: now, expires_in: 2 * HOUR });
    expect(deriveExpiry({ accessToken: token, unit: 'milliseconds', now })).toBe(now + 2 * HOUR);
  });

  it('falls back to the response when the claims are absent or implausible', () => {
    const stale = jwtShaped({ created_at: String(now - 3 * 86_400_000), expires_in: '86400000' });
    expect(deriveExpiry({ accessToken: stale, expiresIn: 86_399, unit: 'seconds', now })).toBe(
      now + 86_399_000,
    );
    const partial = jwtShaped({ created_at: String(now) });
    expect(deriveExpiry({ accessToken: partial, expiresIn: 3600, unit: 'seconds', now })).toBe(now + HOUR);
  });

  it('reads expires_in in seconds for token/v3 and milliseconds for the JWT exchange', () => {
    expect(deriveExpiry({ accessToken: 'opaque', expiresIn: 86_399, unit: 'seconds', now })).toBe(
      now + 86_399_000,
    );
    expect(deriveExpiry({ accessToken: 'opaque', expiresIn: '86399', unit: 'seconds', now })).toBe(
      now + 86_399_000,
    );
    expect(deriveExpiry({ accessToken: 'opaque', expiresIn: 86_399_999, unit: 'milliseconds', now })).toBe(
      now + 86_399_999,
    );
  });

  it('catches the wrong unit', () => {
    // a "seconds" value over 10 days was milliseconds (the v3 sample seen with 86399999)
    expect(deriveExpiry({ accessToken: 'opaque', expiresIn: 86_399_999, unit: 'seconds', now })).toBe(
      now + 86_399_999,
    );
    // a "milliseconds" value under a minute was seconds
    expect(deriveExpiry({ accessToken: 'opaque', expiresIn: 3599, unit: 'milliseconds', now })).toBe(
      now + 3_599_000,
    );
  });

  it('refuses an answer that gives no lifetime at all', () => {
    expect(() => deriveExpiry({ accessToken: 'opaque', unit: 'seconds', now })).toThrow(
      UnexpectedResponseError,
    );
    expect(() => deriveExpiry({ accessToken: 'opaque', expiresIn: 'soon', unit: 'seconds', now })).toThrow(
      /expires_in/,
    );
  });
});
