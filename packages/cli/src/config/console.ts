import { type LoadedCredentials, readConsoleCredentials } from '@campaign-standard/core';

/**
 * Turns credentials read by core's `readConsoleCredentials` into `ACS_*` values, so a Developer
 * Console JSON is one more configuration layer. OAuth values win over JWT ones for the shared
 * fields (client id, org) when the download holds both, as during a migration.
 */
export function loadedToSettings(loaded: LoadedCredentials): Record<string, string> {
  const out: Record<string, string> = {};
  const set = (key: string, value: string | string[] | undefined) => {
    if (value === undefined || out[key] !== undefined) return;
    const text = Array.isArray(value) ? value.join(',') : value;
    if (text !== '') out[key] = text;
  };
  const oauth = loaded.oauth ?? {};
  const jwt = loaded.jwt ?? {};
  set('ACS_CLIENT_ID', oauth.clientId ?? jwt.clientId);
  set('ACS_ORG_ID', oauth.orgId ?? jwt.orgId);
  if (oauth.clientSecrets && oauth.clientSecrets.length > 1)
    out['ACS_CLIENT_SECRETS'] = JSON.stringify(oauth.clientSecrets);
  else set('ACS_CLIENT_SECRET', oauth.clientSecrets?.[0] ?? jwt.clientSecret);
  set('ACS_SCOPES', oauth.scopes);
  set('ACS_TECHNICAL_ACCOUNT_ID', oauth.technicalAccountId ?? jwt.technicalAccountId);
  set('ACS_TECHNICAL_ACCOUNT_EMAIL', oauth.technicalAccountEmail ?? jwt.technicalAccountEmail);
  set('ACS_METASCOPES', jwt.metascopes);
  set('ACS_PRIVATE_KEY', jwt.privateKey);
  set('ACS_PRIVATE_KEY_FILE', jwt.privateKeyFile);
  set('ACS_PRIVATE_KEY_PASSPHRASE', jwt.passphrase);
  set('ACS_TENANT', loaded.tenant);
  set('ACS_ENVIRONMENT', loaded.environment);
  set('ACS_BASE_URL', loaded.baseUrl);
  set('ACS_IMS_URL', loaded.imsUrl ?? oauth.imsUrl ?? jwt.imsUrl);
  return out;
}

/** Reads a Console JSON file into `ACS_*` values. */
export function readConsoleSettings(path: string): Record<string, string> {
  return loadedToSettings(readConsoleCredentials(path, { field: '--credentials' }));
}
