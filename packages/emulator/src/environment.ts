import type { Emulator } from './types.js';

/** Options of {@link emulatorEnvironment}. */
export interface EmulatorEnvironmentOptions {
  /**
   * Also the legacy JWT settings: `ACS_METASCOPES` and the private key, inline (`true`) or as a
   * path the caller wrote it to (`{ privateKeyFile }`).
   */
  jwt?:
    | boolean
    | {
        /** Where the caller wrote `credentials.privateKey`, for `ACS_PRIVATE_KEY_FILE`. */
        privateKeyFile: string;
      }
    | undefined;
}

/**
 * The `ACS_*` settings that point the SDK, the `acs` CLI or any program reading the design's
 * variables at an emulator and its demo credential (OAuth Server-to-Server by default).
 *
 * @example
 * ```ts
 * const emulator = await startEmulator();
 * const auth = fromEnvironment(emulatorEnvironment(emulator));
 * ```
 */
export function emulatorEnvironment(
  emulator: Pick<Emulator, 'imsUrl' | 'baseUrl' | 'credentials'>,
  options: EmulatorEnvironmentOptions = {},
): Record<string, string> {
  const c = emulator.credentials;
  const env: Record<string, string> = {
    ACS_IMS_URL: emulator.imsUrl,
    ACS_BASE_URL: emulator.baseUrl,
    ACS_TENANT: c.tenant,
    ACS_CLIENT_ID: c.clientId,
    ACS_CLIENT_SECRET: c.clientSecret,
    ACS_ORG_ID: c.orgId,
    ACS_TECHNICAL_ACCOUNT_ID: c.technicalAccountId,
    ACS_TECHNICAL_ACCOUNT_EMAIL: c.technicalAccountEmail,
    ACS_SCOPES: c.scopes.join(','),
  };
  if (options.jwt) {
    env['ACS_METASCOPES'] = c.metascopes.join(',');
    if (options.jwt === true) env['ACS_PRIVATE_KEY'] = c.privateKey;
    else env['ACS_PRIVATE_KEY_FILE'] = options.jwt.privateKeyFile;
  }
  return env;
}
