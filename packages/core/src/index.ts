/**
 * Contracts, token cache and refresh, instance (tenant) resolution, typed errors, redaction and
 * credential loading shared by the Campaign Standard SDK packages.
 *
 * @packageDocumentation
 * @mergeModuleWith <project>
 */
export { createCacheKey, sha256Hex } from './cache-key.js';
export {
  type CheckedCredentialFields,
  type ConfigurationErrorForOptions,
  type CredentialCheckContext,
  type CredentialKind,
  type CredentialRules,
  type CredentialsCheck,
  checkCredentials,
  configurationErrorFor,
  isCredentialsCheck,
  isLoadedCredentials,
} from './credentials-check.js';
export {
  type ConsoleCredentialJsonInput,
  consoleCredentialJson,
  type ReadConsoleCredentialsOptions,
  readConsoleCredentials,
  STAGE_IMS_URL,
} from './credentials-console.js';
export {
  type CredentialsFromSettingsOptions,
  credentialSettings,
  credentialsFromSettings,
  type EnvironmentVariables,
  readCredentialsFromEnvironment,
  type SettingValue,
  type SettingValues,
} from './credentials-env.js';
export { type ReadTextFileOptions, readTextFile } from './credentials-file.js';
export type {
  CertificateExpiry,
  CredentialsFormat,
  JwtCredentials,
  LoadedCredentials,
  OAuthCredentials,
} from './credentials-types.js';
export {
  checkOAuthCredentials,
  type JwtCredentialsInput,
  type OAuthCredentialsInput,
  requireOAuthCredentials,
} from './credentials-validate.js';
export * from './errors.js';
export { type DeriveExpiryOptions, decodeImsTokenClaims, deriveExpiry } from './expiry.js';
export {
  type ImsFlow,
  type ImsHintContext,
  imsHintFor,
  isRejectedSecret,
} from './ims-hints.js';
export {
  accessTokenFrom,
  checkImsUrl,
  DEFAULT_IMS_TIMEOUT_MS,
  DEFAULT_IMS_URL,
  type ImsTokenRequest,
  type ImsTokenResponse,
  requestImsToken,
} from './ims-request.js';
export {
  type CampaignEnvironment,
  type CampaignInstance,
  DEFAULT_CAMPAIGN_BASE_URL,
  isLoopbackHost,
  type ResolveInstanceOptions,
  resolveInstance,
} from './instance.js';
export {
  type Logger,
  type LogLevel,
  loggerProblem,
  logs,
  type SdkWarning,
  sdkLog,
} from './logger.js';
export { createRecord, FORBIDDEN_KEYS, isForbiddenKey, ownProperties } from './own-properties.js';
export {
  REDACTED,
  type RedactedExcerptOptions,
  redact,
  redactedExcerpt,
  redactHeaders,
  redactValue,
  registerSecret,
} from './redact.js';
export {
  abortReason,
  computeBackoff,
  DEFAULT_RETRY_OPTIONS,
  isRetryableTokenError,
  parseRetryAfter,
  type RetryEvent,
  type RetryOptions,
  sleep,
  type WithRetryOptions,
  withRetry,
} from './retry.js';
export { ADOBE_IO_MANAGEMENT_SCOPES, CAMPAIGN_SCOPES, METASCOPE_SCOPES } from './scopes.js';
export {
  ACS_SETTINGS,
  type AcsSetting,
  type AcsSettingName,
  type AcsSettingOption,
  acsSetting,
  acsSettingsTable,
  findAcsSetting,
} from './settings.js';
export { type AcsSettingValues, acsEnvironment, formatEnvFile } from './settings-write.js';
export { createMemoryTokenStore, isStoredToken } from './stores.js';
export {
  checkTokenRuntimeOptions,
  checkUnknownOptions,
  pickRuntimeOptions,
  TOKEN_RUNTIME_OPTION_KEYS,
  type TokenRuntimeOptions,
} from './strategy-options.js';
export {
  errorType,
  loadTelemetry,
  METRIC_NAMES,
  type SdkMetrics,
  type SdkSpan,
  type SdkSpanKind,
  sdkMetrics,
  serverAttributes,
  startSdkSpan,
  TELEMETRY_SCOPE,
  type TelemetryAttributes,
  type TelemetryValue,
  telemetryLoaded,
  tracingActive,
} from './telemetry.js';
export {
  createTokenCache,
  DEFAULT_REFRESH_WINDOW_MS,
  type TokenCache,
  type TokenCacheOptions,
} from './token-cache.js';
export type {
  AccessToken,
  AuthStrategy,
  AuthStrategyKind,
  FetchLike,
  GetTokenOptions,
  StoredToken,
  TokenLock,
  TokenStore,
} from './types.js';
