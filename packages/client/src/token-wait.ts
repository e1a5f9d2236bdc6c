import { type AuthStrategy, TimeoutError } from '@campaign-standard/core';

/**
 * The token for one attempt, waited for no longer than `timeoutMs`: the request's own timeout
 * starts only once there is a token, and a silent IMS must not hold a call forever. The caller's
 * signal is followed with a listener rather than `AbortSignal.any`, which costs far more per call.
 */
export async function tokenWithin(
  auth: AuthStrategy,
  timeoutMs: number | false,
  caller: AbortSignal | undefined,
): Promise<string> {
  if (timeoutMs === false) return (await auth.getToken(caller ? { signal: caller } : {})).token;
  const limit = new AbortController();
  const onCallerAbort = (): void => limit.abort(caller?.reason);
  const timer = setTimeout(() => limit.abort(), timeoutMs);
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    return (await auth.getToken({ signal: limit.signal })).token;
  } catch (error) {
    if (!limit.signal.aborted || caller?.aborted) throw error;
    throw new TimeoutError(`No access token from ${auth.kind} within ${timeoutMs} ms`, timeoutMs, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', onCallerAbort);
  }
}
