import { UnexpectedResponseError } from './errors.js';

const SECOND = 1000;
const DAY = 86_400 * SECOND;
/** A lifetime in seconds above this many seconds (10 days) can only be milliseconds. */
const MAX_PLAUSIBLE_SECONDS = 10 * 86_400;
/** A lifetime in milliseconds below this (one minute) is far more likely to be seconds. */
const MIN_PLAUSIBLE_MILLISECONDS = 60_000;
/** Claims giving an expiry further away than this are not believed. */
const MAX_PLAUSIBLE_LIFETIME_MS = 366 * DAY;

/**
 * The payload claims of a JWT-shaped IMS access token, or `undefined` when the token does not
 * decode. Tolerant: accepts base64url with or without padding and plain base64, and never throws.
 * The claims are not verified (IMS access tokens cannot be verified offline).
 */
export function decodeImsTokenClaims(token: string): Record<string, unknown> | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = token.split('.');
  if (parts.length < 2 || !parts[1]) return undefined;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const binary = atob(padded);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return undefined;
    return claims as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Input of {@link deriveExpiry}. */
export interface DeriveExpiryOptions {
  /** The access token as IMS returned it. */
  accessToken: string;
  /** The response's `expires_in`, as a number or a numeric string. */
  expiresIn?: number | string | undefined;
  /** The unit this flow documents for `expires_in`: token/v3 uses seconds, the JWT exchange milliseconds. */
  unit: 'seconds' | 'milliseconds';
  /** The time the response arrived, epoch milliseconds. Default: `Date.now()`. */
  now?: number | undefined;
}

/**
 * When an IMS access token expires, in epoch milliseconds.
 *
 * The token's own `created_at` + `expires_in` claims (milliseconds, often strings) are used when
 * the token decodes and they give a plausible future time. Otherwise the response's `expires_in`
 * is read in the flow's `unit`, with a check for the other unit: a "seconds" value over 10 days
 * was milliseconds, a "milliseconds" value under one minute was seconds.
 *
 * @throws {@link UnexpectedResponseError} when neither the claims nor `expires_in` give a lifetime.
 */
export function deriveExpiry(options: DeriveExpiryOptions): number {
  const now = options.now ?? Date.now();
  const claims = decodeImsTokenClaims(options.accessToken);
  if (claims) {
    const createdAt = toNumber(claims['created_at']);
    const lifetime = toNumber(claims['expires_in']);
    if (createdAt !== undefined && lifetime !== undefined && lifetime > 0) {
      const expiresOn = createdAt + lifetime;
      if (expiresOn > now && expiresOn - now <= MAX_PLAUSIBLE_LIFETIME_MS) return expiresOn;
    }
  }
  const value = toNumber(options.expiresIn);
  if (value === undefined || value <= 0) {
    throw new UnexpectedResponseError(
      'IMS answered without a usable expires_in and the token carries no expiry claims',
      { status: 200 },
    );
  }
  let lifetimeMs: number;
  if (options.unit === 'seconds') lifetimeMs = value > MAX_PLAUSIBLE_SECONDS ? value : value * SECOND;
  else lifetimeMs = value < MIN_PLAUSIBLE_MILLISECONDS ? value * SECOND : value;
  return now + lifetimeMs;
}
