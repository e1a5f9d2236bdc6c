import {
  emptyLoaded,
  isObject,
  type Json,
  LOWER,
  readJwtObject,
  readOAuthObject,
  WORKSPACE_CREDENTIALS,
} from './console-fields.js';
import { text } from './credentials-parse.js';
import type { LoadedCredentials } from './credentials-types.js';
import { ConfigurationError } from './errors.js';

/**
 * The workspace download ("Download all"): `project.workspace.details.credentials[]` holding an
 * `oauth_server_to_server` credential, a `service` (JWT) one or, during a migration, an
 * `oauth_server_to_server_migrate` credential with both; the org id is `project.org.ims_org_id`.
 */
export function readWorkspace(
  json: Json,
  source: string,
  field: string,
  origin: string | undefined,
): LoadedCredentials {
  const project = json['project'] as Json;
  const workspace = isObject(project['workspace']) ? project['workspace'] : undefined;
  const details = workspace && isObject(workspace['details']) ? workspace['details'] : undefined;
  const credentials = details?.['credentials'];
  if (!Array.isArray(credentials)) {
    throw new ConfigurationError(
      [
        {
          field: WORKSPACE_CREDENTIALS,
          problem: `is missing from ${field}: download the workspace JSON again from the Developer Console ("Download all")`,
        },
      ],
      origin ?? source,
    );
  }
  const loaded = emptyLoaded(source, 'workspace');
  const found: string[] = [];
  let oauthIndex: number | undefined;
  let jwtIndex: number | undefined;
  credentials.forEach((credential: unknown, index) => {
    if (!isObject(credential)) return;
    const type = String(credential['integration_type'] ?? 'unknown');
    found.push(type);
    const base = `${WORKSPACE_CREDENTIALS}[${index}]`;
    const s2s = credential['oauth_server_to_server'];
    const jwt = credential['jwt'];
    const isS2s = type === 'oauth_server_to_server' || type === 'oauth_server_to_server_migrate';
    const isJwt = type === 'service' || type === 'oauth_server_to_server_migrate';
    if (isS2s && isObject(s2s) && oauthIndex === undefined) {
      oauthIndex = index;
      readOAuthObject(loaded, s2s, `${base}.oauth_server_to_server`, LOWER);
    }
    if (isJwt && isObject(jwt) && jwtIndex === undefined) {
      jwtIndex = index;
      readJwtObject(loaded, jwt, `${base}.jwt`, LOWER);
    }
  });
  if (oauthIndex === undefined && jwtIndex === undefined) {
    throw new ConfigurationError(
      [
        {
          field: WORKSPACE_CREDENTIALS,
          problem:
            found.length === 0
              ? 'is empty: add an OAuth Server-to-Server credential to the workspace and download it again'
              : `holds no OAuth Server-to-Server or Service Account (JWT) credential (found: ${found.join(', ')})`,
        },
      ],
      origin ?? source,
    );
  }
  loaded.fieldNames['oauth.section'] = WORKSPACE_CREDENTIALS;
  loaded.fieldNames['jwt.section'] = WORKSPACE_CREDENTIALS;
  const org = project['org'];
  const orgId = isObject(org) ? text(org['ims_org_id']) : undefined;
  for (const kind of ['oauth', 'jwt'] as const) {
    if (!loaded[kind]) continue;
    loaded.fieldNames[`${kind}.orgId`] = 'project.org.ims_org_id';
    if (orgId) loaded[kind].orgId = orgId;
  }
  return loaded;
}
