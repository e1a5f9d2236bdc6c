import { type CampaignSdkError, redact, redactValue } from '@campaign-standard/core';

/**
 * The codes of the errors the compat functions reject with: the codes of Adobe's
 * `@adobe/aio-lib-campaign-standard`, one per function (and two for refused arguments), so code
 * that branches on `error.code` keeps working.
 */
export type AioErrorCode =
  | 'ERROR_SDK_INITIALIZATION'
  | 'ERROR_GET_ALL_PROFILES'
  | 'ERROR_CREATE_PROFILE'
  | 'ERROR_UPDATE_PROFILE'
  | 'ERROR_GET_PROFILE'
  | 'ERROR_GET_ALL_SERVICES'
  | 'ERROR_CREATE_SERVICE'
  | 'ERROR_GET_SERVICE'
  | 'ERROR_GET_HISTORY_OF_PROFILE'
  | 'ERROR_INVALID_RESOURCE_TYPE'
  | 'ERROR_GET_METADATA_FOR_RESOURCE'
  | 'ERROR_GET_CUSTOM_RESOURCES'
  | 'ERROR_GET_GDPR_REQUEST'
  | 'ERROR_CREATE_GDPR_REQUEST'
  | 'ERROR_GET_GDPR_DATA_FILE'
  | 'ERROR_SEND_TRANSACTIONAL_EVENT'
  | 'ERROR_GET_TRANSACTIONAL_EVENT'
  | 'ERROR_GET_WORKFLOW'
  | 'ERROR_TRIGGER_SIGNAL_ACTIVITY'
  | 'ERROR_INVALID_WORKFLOW_CONTROL_COMMAND'
  | 'ERROR_CONTROL_WORKFLOW'
  | 'ERROR_GET_ALL_ORG_UNITS'
  | 'ERROR_GET_PROFILE_WITH_ORG_UNIT'
  | 'ERROR_UPDATE_PROFILE_ORG_UNIT'
  | 'ERROR_UPDATE_ORG_UNIT'
  | 'ERROR_GET_DATA_FROM_RELATIVE_URL'
  | 'ERROR_GET_ALL_CUSTOM_RESOURCES'
  | 'ERROR_UPDATE_CUSTOM_RESOURCE'
  | 'ERROR_CREATE_CUSTOM_RESOURCE'
  | 'ERROR_DELETE_CUSTOM_RESOURCE'
  | 'ERROR_GET_ALL_BASIC_CUSTOM_RESOURCES'
  | 'ERROR_GET_ALL_PROFILES_AND_SERVICES_EXT'
  | 'ERROR_GET_METADATA_FOR_RESOURCE_EXT';

/** The `sdk` field of every {@link CampaignStandardSDKError}, as Adobe's library sets it. */
export const SDK_NAME = 'CampaignStandardSDK';

/** Options of {@link CampaignStandardSDKError}. */
export interface CampaignStandardSDKErrorOptions {
  /** The arguments of the failed call (copied redacted). */
  sdkDetails?: Record<string, unknown>;
  /** The HTTP status Campaign answered, when it answered. */
  status?: number | undefined;
  /** What went wrong underneath: a typed error of `@campaign-standard/core` (`ApiError`, `TimeoutError`, …). */
  cause?: unknown;
}

/**
 * The error every compat function rejects with, shaped as Adobe's: `name`
 * `CampaignStandardSDKError`, `code` (`ERROR_GET_PROFILE`, …), `sdk`, `sdkDetails` (the call's
 * arguments) and a message `[CampaignStandardSDK:<code>] <status> - <status text> (<body>)`.
 * Beyond Adobe's: `status`, and `cause`, the SDK's typed error (`ApiError` with `errorCode`,
 * `TimeoutError`, `ConfigurationError`, …) for code that wants more than the message. Messages,
 * details and causes are redacted: an access token never appears in them.
 */
export class CampaignStandardSDKError extends Error {
  /** Adobe's code of the failed function, e.g. `ERROR_GET_PROFILE`. */
  readonly code: AioErrorCode;
  /** Always `CampaignStandardSDK`. */
  readonly sdk: typeof SDK_NAME;
  /** The arguments of the failed call (secrets redacted). */
  readonly sdkDetails: Record<string, unknown>;
  /** The HTTP status Campaign answered, or `undefined` when there was no answer. */
  readonly status: number | undefined;

  constructor(code: AioErrorCode, detail: string, options: CampaignStandardSDKErrorOptions = {}) {
    super(
      redact(`[${SDK_NAME}:${code}] ${detail}`),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'CampaignStandardSDKError';
    this.code = code;
    this.sdk = SDK_NAME;
    this.sdkDetails = redactValue({ ...(options.sdkDetails ?? {}) });
    this.status = options.status;
  }

  /** A plain, redacted object for `JSON.stringify` and structured logs. */
  toJSON(): Record<string, unknown> {
    const cause = this.cause as (Error & Partial<Pick<CampaignSdkError, 'code'>>) | undefined;
    return redactValue({
      name: this.name,
      code: this.code,
      sdk: this.sdk,
      message: this.message,
      status: this.status,
      sdkDetails: this.sdkDetails,
      cause:
        cause instanceof Error ? { name: cause.name, code: cause.code, message: cause.message } : undefined,
    });
  }
}
