/** Which part of an attempt a {@link Deadline} is timing. */
export type AttemptPhase = 'token' | 'answer';

/**
 * The time limit and cancellation of one attempt: the wait for the token, then the answer (its
 * headers and whole body), each get the full timeout, and the caller's signal stops both.
 */
export interface Deadline {
  /**
   * Fires when the caller aborts or the current phase runs out of time; `undefined` when there is
   * neither a timeout nor a caller signal, so nothing needs listening to.
   */
  readonly signal: AbortSignal | undefined;
  /** The phase that ran out of time, if one did (and not the caller's abort). */
  readonly expired: AttemptPhase | undefined;
  /** Ends the token phase and gives the answer a full timeout of its own. */
  startAnswer(): void;
  /** Stops the timer and lets go of the caller's signal. Safe to call more than once. */
  end(): void;
}

const NO_DEADLINE: Deadline = {
  signal: undefined,
  expired: undefined,
  startAnswer() {},
  end() {},
};

/**
 * Starts the deadline of one attempt. One timer serves both phases (re-armed, not recreated), and
 * the caller's signal is followed with a listener rather than `AbortSignal.any`, which costs more
 * per request.
 */
export function startDeadline(timeoutMs: number | false, caller: AbortSignal | undefined): Deadline {
  if (timeoutMs === false) {
    return caller ? { ...NO_DEADLINE, signal: caller } : NO_DEADLINE;
  }
  const controller = new AbortController();
  let phase: AttemptPhase = 'token';
  let expired: AttemptPhase | undefined;
  const onCallerAbort = (): void => {
    clearTimeout(timer);
    controller.abort(caller?.reason);
  };
  const timer = setTimeout(() => {
    caller?.removeEventListener('abort', onCallerAbort);
    expired = phase;
    controller.abort(new DOMException(`The ${phase} phase took longer than ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    startAnswer() {
      if (phase === 'answer' || controller.signal.aborted) return;
      phase = 'answer';
      timer.refresh();
    },
    end() {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}
