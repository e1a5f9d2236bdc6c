import type { RateLimitOptions } from './types.js';

/**
 * The API gateway's throttling, per IMS organization.
 *
 * Sources. Campaign Standard's API pages publish no limit and no 429: they say to check "the
 * scale allowed by Adobe Campaign APIs" with Adobe (help/api/using/must-read.md) and "the scale
 * limitations corresponding to your license agreement" (help/api/using/get-started-apis.md). The
 * answer is the Adobe I/O gateway's (mc.adobe.io is behind it): Adobe documents it for other APIs
 * behind the same gateway as 429 with `{"error_code":"429050","message":"Too many requests"}`
 * (AdobeDocs/analytics-2.0-apis, src/pages/guides/faq.md: "12 requests every 6 seconds";
 * /work/shared/reference/acs-api.md section 6 quotes the same body from Experience Platform's
 * troubleshooting page). Adobe's pages for APIs with published limits send a `Retry-After`
 * header in seconds with the 429 (AdobeDocs/cloud-storage, src/pages/guides/overview/limits.md).
 * [I] The count per organization (all its clients and tenants together), the per-second unit and
 * the token bucket are the emulator's choices: Adobe publishes no number for Campaign.
 *
 * Algorithm: a token bucket per organization. It holds up to `burst` tokens and starts full; it
 * gains `requestsPerSecond` tokens a second (continuously, by the clock's milliseconds); each
 * Campaign call admitted takes one token; a call that finds less than one token is answered 429
 * and takes none. Its `Retry-After` is the time until the bucket holds one token again, in whole
 * seconds rounded up, at least 1. Deterministic for a given clock: tests inject one.
 */
export class RateLimiter {
  readonly #perMs: number;
  readonly #burst: number;
  readonly #clock: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: RateLimitOptions) {
    const limit = checkRateLimit(options);
    this.#perMs = limit.requestsPerSecond / 1000;
    this.#burst = limit.burst;
    this.#clock = limit.clock;
  }

  /** Takes a token for `key`: `undefined` when admitted, otherwise the `Retry-After` seconds. */
  take(key: string): number | undefined {
    const now = this.#clock();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#burst, at: now };
    // A clock that goes back (Date.now after an NTP step) adds nothing rather than removing.
    bucket.tokens = Math.min(this.#burst, bucket.tokens + Math.max(0, now - bucket.at) * this.#perMs);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    // The tolerance absorbs floating-point sums such as 3 * (1/3).
    if (bucket.tokens >= 1 - 1e-9) {
      bucket.tokens = Math.max(0, bucket.tokens - 1);
      return undefined;
    }
    const waitMs = (1 - bucket.tokens) / this.#perMs;
    return Math.max(1, Math.ceil(waitMs / 1000 - 1e-9));
  }
}

/** The limit with its defaults, or a `RangeError` naming what is wrong. */
export function checkRateLimit(options: RateLimitOptions): Required<RateLimitOptions> {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('rateLimit must be an object like { requestsPerSecond: 10 }');
  const { requestsPerSecond, burst, clock } = options;
  if (typeof requestsPerSecond !== 'number' || !Number.isFinite(requestsPerSecond) || requestsPerSecond <= 0)
    throw new RangeError(`rateLimit.requestsPerSecond must be a positive number, got ${requestsPerSecond}`);
  const capacity = burst ?? Math.max(1, Math.floor(requestsPerSecond));
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError(`rateLimit.burst must be a positive integer, got ${burst}`);
  if (clock !== undefined && typeof clock !== 'function')
    throw new TypeError('rateLimit.clock must be a function returning epoch milliseconds');
  return { requestsPerSecond, burst: capacity, clock: clock ?? Date.now };
}
