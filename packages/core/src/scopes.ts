/**
 * The OAuth Server-to-Server scopes a Campaign Standard credential holds, as seen on real
 * credentials (the Console's Scopes tab is the authority for a given project).
 */
export const CAMPAIGN_SCOPES: readonly string[] = Object.freeze([
  'openid',
  'AdobeID',
  'campaign_sdk',
  'additional_info.projectedProductContext',
  'campaign_config_server_general',
  'deliverability_service_general',
]);

/** The scopes of the I/O Management API, often added to Campaign projects. */
export const ADOBE_IO_MANAGEMENT_SCOPES: readonly string[] = Object.freeze([
  'adobeio_api',
  'read_client_secret',
  'manage_client_secrets',
]);

/**
 * The OAuth Server-to-Server scopes that stand for each JWT metascope. Only metascopes whose
 * scope list is known are here; others are to be reported, not guessed.
 */
export const METASCOPE_SCOPES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  ent_campaign_sdk: CAMPAIGN_SCOPES,
  ent_adobeio_sdk: ADOBE_IO_MANAGEMENT_SCOPES,
});
