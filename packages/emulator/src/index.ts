export {
  EMULATOR_DEMO_CLIENT_ID,
  EMULATOR_DEMO_METASCOPES,
  EMULATOR_DEMO_SCOPES,
  EMULATOR_DEMO_TENANT,
} from './defaults.js';
export { type EmulatorEnvironmentOptions, emulatorEnvironment } from './environment.js';
export { startEmulator } from './server.js';
export type {
  ApiRequestFilter,
  CampaignV8Api,
  CampaignV8TenantOptions,
  Emulator,
  EmulatorClientConfig,
  EmulatorCredentials,
  EmulatorFaults,
  EmulatorOptions,
  EmulatorRequestLogEntry,
  EmulatorStats,
  FaultSpec,
  GrantKind,
  RateLimitOptions,
  TokenRequestFilter,
} from './types.js';
