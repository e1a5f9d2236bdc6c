import { abortReason } from '@campaign-standard/core';
import { describe, expect, it } from 'vitest';
import { type Clock, type Permit, RateController } from '../src/index.js';

/** A clock that moves only when told to. */
function fakeClock(): Clock & { advance(ms: number): Promise<void>; pending(): number } {
  let now = 0;
  const timers: Array<{ at: number; resolve: () => void }> = [];
  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        const timer = { at: now + ms, resolve };
        timers.push(timer);
        signal?.addEventListener('abort', () => {
          timers.splice(timers.indexOf(timer), 1);
          reject(abortReason(signal));
        });
      });
    },
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        now = next.at;
        next.resolve();
        await flush();
      }
      now = end;
      await flush();
    },
    pending: () => timers.length,
  };
}

/** Acquires `n` permits without waiting for them. */
function request(rate: RateController, n: number): { granted: Permit[]; all: Promise<Permit[]> } {
  const granted: Permit[] = [];
  const all = Promise.all(
    Array.from({ length: n }, () =>
      rate.acquire().then((permit) => {
        granted.push(permit);
        return permit;
      }),
    ),
  );
  return { granted, all };
}

const tick = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('RateController', () => {
  it('starts with the initial concurrency and queues the rest in order', async () => {
    const clock = fakeClock();
    const rate = new RateController({ initialConcurrency: 2, maxConcurrency: 8, clock });
    const { granted } = request(rate, 5);
    await tick();
    expect(granted).toHaveLength(2);
    expect(rate.state).toMatchObject({ concurrency: 2, inFlight: 2 });
    rate.release(granted[0]!, { kind: 'failed' });
    await tick();
    expect(granted).toHaveLength(3);
  });

  it('grows by one per window of good answers while the limit is in use, up to the cap', async () => {
    const clock = fakeClock();
    const rate = new RateController({ initialConcurrency: 2, maxConcurrency: 4, clock });
    const limits: number[] = [];
    for (let round = 0; round < 12; round++) {
      const { granted } = request(rate, rate.state.concurrency);
      await tick();
      for (const permit of granted) rate.release(permit, { kind: 'ok' });
      limits.push(rate.state.concurrency);
    }
    expect(limits.slice(0, 3)).toEqual([3, 4, 4]);
    expect(Math.max(...limits)).toBe(4);
  });

  it('does not grow while idle (fewer requests than the limit)', async () => {
    const clock = fakeClock();
    const rate = new RateController({ initialConcurrency: 4, maxConcurrency: 16, clock });
    for (let i = 0; i < 50; i++) {
      const permit = await rate.acquire();
      rate.release(permit, { kind: 'ok' });
    }
    expect(rate.state.concurrency).toBe(4);
  });

  it('halves once on a burst of throttling answers, pauses for Retry-After, then resumes', async () => {
    const clock = fakeClock();
    const rate = new RateController({
      initialConcurrency: 8,
      maxConcurrency: 16,
      clock,
      defaultPauseMs: 1000,
    });
    const { granted } = request(rate, 8);
    await tick();
    // Eight requests sent at the same rate all come back 429: one decrease, not eight.
    for (const permit of granted) rate.release(permit, { kind: 'throttled', retryAfterMs: 2000 });
    expect(rate.state).toMatchObject({ concurrency: 4, throttled: 8, pausedUntil: 2000 });
    const next = request(rate, 2);
    await clock.advance(1999);
    expect(next.granted).toHaveLength(0);
    await clock.advance(1);
    expect(next.granted).toHaveLength(2);
    // A request sent after the decrease that is throttled again halves again.
    rate.release(next.granted[0]!, { kind: 'throttled' });
    expect(rate.state.concurrency).toBe(2);
    // Without Retry-After: the default pause.
    expect(rate.state.pausedUntil).toBe(3000);
  });

  it('without Retry-After and a default pause, a throttling answer halves without pausing', async () => {
    const clock = fakeClock();
    const rate = new RateController({ initialConcurrency: 4, clock });
    const permit = await rate.acquire();
    rate.release(permit, { kind: 'throttled' });
    expect(rate.state).toMatchObject({ concurrency: 2, pausedUntil: undefined });
  });

  it('never goes below one request in flight', async () => {
    const clock = fakeClock();
    const rate = new RateController({ initialConcurrency: 2, clock });
    for (let i = 0; i < 5; i++) {
      const permit = await rate.acquire();
      await clock.advance(1);
      rate.release(permit, { kind: 'throttled', retryAfterMs: 0 });
    }
    expect(rate.state.concurrency).toBe(1);
  });

  it('maxRate spaces request starts evenly', async () => {
    const clock = fakeClock();
    const rate = new RateController({ initialConcurrency: 16, maxConcurrency: 16, maxRate: 10, clock });
    const { granted } = request(rate, 5);
    await tick();
    expect(granted.map((p) => p.startedAt)).toEqual([0]);
    await clock.advance(250);
    expect(granted.map((p) => p.startedAt)).toEqual([0, 100, 200]);
    await clock.advance(200);
    expect(granted.map((p) => p.startedAt)).toEqual([0, 100, 200, 300, 400]);
  });

  it('a waiting request is dropped when its signal aborts', async () => {
    const clock = fakeClock();
    const rate = new RateController({ initialConcurrency: 1, clock });
    const first = await rate.acquire();
    const controller = new AbortController();
    const waiting = rate.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    const after = rate.acquire();
    rate.release(first, { kind: 'ok' });
    await expect(after).resolves.toMatchObject({ startedAt: 0 });
    expect(rate.state.inFlight).toBe(1);
  });

  it('run() judges the outcome of the task', async () => {
    const rate = new RateController({ initialConcurrency: 4, clock: fakeClock() });
    await expect(
      rate.run(
        async () => 'fine',
        () => ({ kind: 'ok' }),
      ),
    ).resolves.toBe('fine');
    await expect(
      rate.run(
        async () => {
          throw new Error('boom');
        },
        ({ error }) => (error ? { kind: 'throttled', retryAfterMs: 0 } : { kind: 'ok' }),
      ),
    ).rejects.toThrow('boom');
    expect(rate.state).toMatchObject({ throttled: 1, concurrency: 2, inFlight: 0 });
  });
});
