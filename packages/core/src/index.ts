export * from './errors.js';
export {
  type CampaignEnvironment,
  type CampaignInstance,
  DEFAULT_CAMPAIGN_BASE_URL,
  isLoopbackHost,
  type ResolveInstanceOptions,
  resolveInstance,
} from './instance.js';
export { REDACTED, redact, redactHeaders, redactValue, registerSecret } from './redact.js';
export type {
  AccessToken,
  AuthStrategy,
  FetchLike,
  GetTokenOptions,
  StoredToken,
  TokenStore,
} from './types.js';
