import { acsEnvironment } from '@campaign-standard/core';
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
 * variables at an emulator and its demo credential (OAuth Server-to-Server by default), named and
 * written by core's `acsEnvironment`, in the order of core's `ACS_SETTINGS`.
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
  const jwt = options.jwt;
  // core's one list of ACS_* settings names and writes them, in its order
  return acsEnvironment({
    imsUrl: emulator.imsUrl,
    baseUrl: emulator.baseUrl,
    tenant: c.tenant,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    orgId: c.orgId,
    technicalAccountId: c.technicalAccountId,
    technicalAccountEmail: c.technicalAccountEmail,
    scopes: c.scopes,
    ...(jwt
      ? {
          metascopes: c.metascopes,
          ...(jwt === true ? { privateKey: c.privateKey } : { privateKeyFile: jwt.privateKeyFile }),
        }
      : {}),
  });
}
