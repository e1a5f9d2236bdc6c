import { ADOBE_IO_MANAGEMENT_SCOPES, CAMPAIGN_SCOPES } from '@campaign-standard/core';
import type { EmulatorClientConfig } from './types.js';

/** The tenant an emulator serves when none is configured. */
export const EMULATOR_DEMO_TENANT = 'acme';

/** The demo client's id (its API key). */
export const EMULATOR_DEMO_CLIENT_ID = 'emulator-demo-client';

/**
 * Scopes of the demo credential: Campaign's and the I/O Management API's (what a migrated JWT
 * credential with `ent_campaign_sdk` and `ent_adobeio_sdk` holds), plus two common extras.
 */
export const EMULATOR_DEMO_SCOPES: readonly string[] = [
  ...CAMPAIGN_SCOPES,
  ...ADOBE_IO_MANAGEMENT_SCOPES,
  'read_organizations',
  'additional_info.roles',
];

/** Metascopes a JWT credential for Campaign Standard typically holds. */
export const EMULATOR_DEMO_METASCOPES: readonly string[] = ['ent_campaign_sdk', 'ent_adobeio_sdk'];

/** The demo client without its public key (added at start-up with a fresh key pair). */
export function demoClient(): EmulatorClientConfig {
  return {
    clientId: EMULATOR_DEMO_CLIENT_ID,
    // Not a secret of any real system: the emulator's well-known demo value.
    clientSecrets: ['p8e-emulator-demo-secret-0001'],
    orgId: '0E1D2C3B4A5F60718293A4B5@AdobeOrg',
    technicalAccountId: '1A2B3C4D5E6F708192A3B4C5@techacct.adobe.com',
    technicalAccountEmail: 'emulator-demo@techacct.adobe.com',
    scopes: [...EMULATOR_DEMO_SCOPES],
    metascopes: [...EMULATOR_DEMO_METASCOPES],
  };
}
