import { sleep } from './retry.js';
import type { TokenLock, TokenStore } from './types.js';

/** How long a process may hold a store's lock while it asks IMS for a token. */
export const SHARED_LOCK_TTL_MS = 10_000;
const FIRST_POLL_MS = 20;
const MAX_POLL_MS = 250;

/** Options of {@link awaitSharedFlight}. */
export interface SharedFlightOptions<T> {
  store: TokenStore & { acquire: NonNullable<TokenStore['acquire']> };
  key: string;
  /** A usable token written by another process, or `undefined`. */
  check(): Promise<T | undefined>;
  signal: AbortSignal;
  /** Stop waiting for another process (e.g. the caller now wants a new token, not a stored one). */
  stopWaiting(): boolean;
  now(): number;
  /** Give up waiting for another process after this long. @defaultValue {@link SHARED_LOCK_TTL_MS} */
  maxWaitMs?: number;
}

/** What {@link awaitSharedFlight} found: another process's token, or the go-ahead to fetch one. */
export type SharedFlightOutcome<T> = { found: T } | { found?: undefined; lock: TokenLock | undefined };

/**
 * The distributed half of the single-flight: takes the store's lock, or waits (polling the store
 * with a growing interval) until the holder has written its token. Returns `{ lock }` when this
 * process should fetch: holding the lock, or without it when the store failed or the holder took
 * longer than `maxWaitMs` (it may have died; its lock expires by itself).
 */
export async function awaitSharedFlight<T>(options: SharedFlightOptions<T>): Promise<SharedFlightOutcome<T>> {
  const { store, key, check, signal, now, stopWaiting } = options;
  const deadline = now() + (options.maxWaitMs ?? SHARED_LOCK_TTL_MS);
  let delay = FIRST_POLL_MS;
  for (;;) {
    let lock: TokenLock | undefined;
    try {
      lock = await store.acquire(key, SHARED_LOCK_TTL_MS);
    } catch {
      return { lock: undefined };
    }
    if (lock) {
      // the previous holder may have written its token between our read and our lock
      const found = await check();
      if (found === undefined) return { lock };
      await releaseQuietly(lock);
      return { found };
    }
    if (now() >= deadline || stopWaiting()) return { lock: undefined };
    await sleep(delay, signal);
    delay = Math.min(delay * 2, MAX_POLL_MS);
    const found = await check();
    if (found !== undefined) return { found };
  }
}

/** Releases a lock, ignoring failures: an unreleased lock expires after its TTL. */
export async function releaseQuietly(lock: TokenLock | undefined): Promise<void> {
  try {
    await lock?.release();
  } catch {
    // expires by itself
  }
}
