import { isCampaignSdkError } from '@campaign-standard/core';

/**
 * What a failed request means for a bulk job:
 *
 * - `throttled`: 429 (Campaign refused the request: it was not applied, so sending it again is safe,
 *   POST included);
 * - `transient`: network failure, timeout, 502/503/504, or a 500 without a Campaign error code (a
 *   gateway or server failure, not a judgement on the data): try again later;
 * - `unknown-outcome`: a POST that may or may not have been applied (`OutcomeUnknownError`);
 * - `refused`: Campaign refused the row's data (4xx, or a 500 carrying an RST/XTK/PGS code such as
 *   an invalid enumeration value, a read-only or unknown field): the row goes to the rejects file;
 * - `fatal`: the job cannot go on (credentials refused, wrong tenant, a bug): it stops.
 */
export type FailureKind = 'throttled' | 'transient' | 'unknown-outcome' | 'refused' | 'fatal';

/** A Campaign error code in an answer (`RST-360011`, `XTK-170036`, `PGS-220000`). */
const CAMPAIGN_CODE = /^[A-Z]{3}-\d{4,6}$/;

/** Classifies an error thrown by, or returned from, a client call. */
export function classifyFailure(error: unknown): FailureKind {
  if (!isCampaignSdkError(error)) return 'fatal';
  const status = (error as { status?: unknown }).status;
  switch (error.code) {
    case 'ERR_OUTCOME_UNKNOWN':
      return 'unknown-outcome';
    case 'ERR_NETWORK':
      return (error as { retryable?: boolean }).retryable === false ? 'fatal' : 'transient';
    case 'ERR_TIMEOUT':
      return 'transient';
    case 'ERR_UNEXPECTED_RESPONSE':
      return typeof status === 'number' && status >= 500 ? 'transient' : 'fatal';
    case 'ERR_API': {
      if (typeof status !== 'number') return 'fatal';
      if (status === 429) return 'throttled';
      if (status === 502 || status === 503 || status === 504) return 'transient';
      if (status === 401 || status === 403) return 'fatal';
      const errorCode = (error as { errorCode?: unknown }).errorCode;
      if (status === 500)
        return typeof errorCode === 'string' && CAMPAIGN_CODE.test(errorCode) ? 'refused' : 'transient';
      if (status >= 400 && status < 500) return 'refused';
      return 'transient';
    }
    default:
      return 'fatal';
  }
}

/** The status of an answer that asks to slow down (429, 503), with its `Retry-After`, if the error is one. */
export function throttleOf(error: unknown): { status: number; retryAfterMs: number | undefined } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current; depth++) {
    if (isCampaignSdkError(current, 'ERR_API')) {
      const { status, retryAfterMs } = current as unknown as { status: number; retryAfterMs?: number };
      return status === 429 || status === 503 ? { status, retryAfterMs } : undefined;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
