import { abortReason } from '@campaign-standard/core';

/** Time as the rate controller sees it: injected in tests, the real clock otherwise. */
export interface Clock {
  /** Milliseconds since some origin. */
  now(): number;
  /** Resolves after `ms` milliseconds, or rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `performance.now()` and timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** Settings of a {@link RateController}. */
export interface RateSettings {
  /**
   * Requests in flight at the start.
   * @defaultValue 4
   */
  initialConcurrency?: number;
  /**
   * The most requests in flight, whatever the answers.
   * @defaultValue 16
   */
  maxConcurrency?: number;
  /** The most requests started per second, evenly spaced; no limit by default. */
  maxRate?: number;
  /**
   * The pause after a throttling answer that gave no `Retry-After`, in milliseconds. None by
   * default: halving the concurrency is the answer to such a 429 or 503 (a POST whose 503 the client
   * reports as `OutcomeUnknownError` carries no `Retry-After`), and the request itself waits its
   * own backoff before it is sent again.
   * @defaultValue 0
   */
  defaultPauseMs?: number;
  /** The clock (tests inject one). */
  clock?: Clock;
}

/**
 * How a request ended, as far as the rate is concerned:
 *
 * - `ok`: a good answer (a refusal of the row's data counts as one: the service kept up);
 * - `throttled`: 429 or 503, too fast; `retryAfterMs` from the answer's `Retry-After`;
 * - `failed`: another failure (network, timeout, other 5xx): no change to the rate.
 */
export type RateSignal =
  | {
      /** A good answer. */
      kind: 'ok';
    }
  | {
      /** Too fast. */
      kind: 'throttled';
      /** The pause the answer asked for, in milliseconds. */
      retryAfterMs?: number | undefined;
    }
  | {
      /** Another failure. */
      kind: 'failed';
    };

/** A granted slot, returned with {@link RateController.release}. */
export interface Permit {
  /** When the request started, on the controller's clock. */
  readonly startedAt: number;
  /** The request's number, in the order requests started (1, 2, …). */
  readonly sequence: number;
  /**
   * How many times requests had filled the limit when this one started: a good answer grows the
   * limit only if the limit was filled while the request was in flight (the limit was in use).
   */
  readonly saturationMark: number;
}

/** A snapshot of a {@link RateController}. */
export interface RateState {
  /** Requests allowed in flight now. */
  concurrency: number;
  /** Requests in flight. */
  inFlight: number;
  /** Throttling answers seen. */
  throttled: number;
  /** Requests started. */
  started: number;
  /** When the current pause ends (clock time), if paused. */
  pausedUntil: number | undefined;
}

interface Waiter {
  resolve: (permit: Permit) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * Adaptive concurrency, AIMD style, with an optional rate cap: requests start within a limit that
 * grows by one for every window of good answers (additive increase: `+1/limit` per answer, only
 * while the limit is in use), and halves on a throttling answer (multiplicative decrease, at most
 * once for the requests that were already in flight when it happened), with a pause honouring
 * `Retry-After` during which no request starts. `maxRate` spaces request starts evenly.
 */
export class RateController {
  readonly #clock: Clock;
  readonly #min = 1;
  readonly #max: number;
  readonly #interval: number;
  readonly #defaultPauseMs: number;
  #limit: number;
  #inFlight = 0;
  #pausedUntil = 0;
  #nextStart = Number.NEGATIVE_INFINITY;
  /** The last request started when the limit was last decreased. */
  #lastDecrease = 0;
  #throttled = 0;
  #started = 0;
  /** How many times a started request filled the limit. */
  #saturations = 0;
  #queue: Waiter[] = [];
  #timer: { at: number; controller: AbortController } | undefined;

  constructor(settings: RateSettings = {}) {
    this.#clock = settings.clock ?? systemClock;
    this.#max = Math.max(1, Math.floor(settings.maxConcurrency ?? 16));
    this.#limit = Math.min(this.#max, Math.max(this.#min, Math.floor(settings.initialConcurrency ?? 4)));
    const rate = settings.maxRate;
    this.#interval = rate !== undefined && rate > 0 ? 1000 / rate : 0;
    this.#defaultPauseMs = settings.defaultPauseMs ?? 0;
  }

  /** The state now. */
  get state(): RateState {
    const now = this.#clock.now();
    return {
      concurrency: Math.floor(this.#limit),
      inFlight: this.#inFlight,
      throttled: this.#throttled,
      started: this.#started,
      pausedUntil: this.#pausedUntil > now ? this.#pausedUntil : undefined,
    };
  }

  /** Waits for a slot (concurrency, pause, rate), in arrival order. */
  acquire(signal?: AbortSignal): Promise<Permit> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<Permit>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const at = this.#queue.indexOf(waiter);
          if (at !== -1) this.#queue.splice(at, 1);
          reject(abortReason(signal));
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      this.#pump();
    });
  }

  /** Gives a slot back with how its request ended. */
  release(permit: Permit, signal: RateSignal): void {
    this.#inFlight--;
    const now = this.#clock.now();
    if (signal.kind === 'throttled') {
      this.#throttled++;
      // Requests sent before the last decrease saw the old rate: one decrease covers them all.
      if (permit.sequence > this.#lastDecrease) {
        this.#limit = Math.max(this.#min, this.#limit / 2);
        this.#lastDecrease = this.#started;
      }
      const pause = signal.retryAfterMs ?? this.#defaultPauseMs;
      this.#pausedUntil = Math.max(this.#pausedUntil, now + pause);
    } else if (signal.kind === 'ok') {
      // Grow only while the limit is what holds requests back.
      if (permit.sequence > this.#lastDecrease && this.#saturations > permit.saturationMark) {
        this.#limit = Math.min(this.#max, this.#limit + 1 / Math.floor(this.#limit));
      }
    }
    this.#pump();
  }

  /** Runs `task` within a slot; `judge` says how it went for the rate. */
  async run<T>(
    task: () => Promise<T>,
    judge: (outcome: { value?: T; error?: unknown }) => RateSignal,
    signal?: AbortSignal,
  ): Promise<T> {
    const permit = await this.acquire(signal);
    let outcome: RateSignal = { kind: 'failed' };
    try {
      const value = await task();
      outcome = judge({ value });
      return value;
    } catch (error) {
      outcome = judge({ error });
      throw error;
    } finally {
      this.release(permit, outcome);
    }
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      if (this.#inFlight >= Math.floor(this.#limit)) return;
      const now = this.#clock.now();
      const wait = Math.max(this.#pausedUntil - now, this.#nextStart - now);
      if (wait > 0) {
        this.#wake(now + wait);
        return;
      }
      const waiter = this.#queue.shift()!;
      if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
      this.#inFlight++;
      this.#started++;
      if (this.#interval > 0) this.#nextStart = Math.max(now, this.#nextStart) + this.#interval;
      const saturationMark = this.#saturations;
      if (this.#inFlight >= Math.floor(this.#limit)) this.#saturations++;
      waiter.resolve({ startedAt: now, sequence: this.#started, saturationMark });
    }
  }

  /** Pumps again at `at` (one timer at a time, the earliest). */
  #wake(at: number): void {
    if (this.#timer && this.#timer.at <= at) return;
    this.#timer?.controller.abort();
    const controller = new AbortController();
    this.#timer = { at, controller };
    this.#clock.sleep(at - this.#clock.now(), controller.signal).then(
      () => {
        if (this.#timer?.controller === controller) this.#timer = undefined;
        this.#pump();
      },
      () => undefined,
    );
  }
}
