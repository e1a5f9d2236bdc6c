/**
 * What every Developer Console format shares: the JSON helpers and the readers of one credential
 * object, with lower-case (workspace, aio) or upper-case (per-credential JSON) key names.
 */
import { describeType, parseList, text } from './credentials-parse.js';
import type {
  CredentialsFormat,
  JwtCredentials,
  LoadedCredentials,
  OAuthCredentials,
} from './credentials-types.js';

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** The path of the credentials list in a workspace download. */
export const WORKSPACE_CREDENTIALS = 'project.workspace.details.credentials';
const SCOPE_SEPARATORS = /[,\s]+/;

/** True for a JSON object (not a list, not null). */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The OAuth part of `loaded`, created when missing. */
export function oauthOf(loaded: LoadedCredentials): Partial<OAuthCredentials> {
  if (!loaded.oauth) loaded.oauth = {};
  return loaded.oauth;
}

/** The JWT part of `loaded`, created when missing. */
export function jwtOf(loaded: LoadedCredentials): Partial<JwtCredentials> {
  if (!loaded.jwt) loaded.jwt = {};
  return loaded.jwt;
}

export function emptyLoaded(source: string, format: CredentialsFormat): LoadedCredentials {
  return { source, format, fieldNames: {}, issues: [], notes: [] };
}

/** Key names of one credential object, lower-case (workspace, aio) or upper-case (credential JSON). */
export interface KeyNames {
  clientId: string[];
  secrets: string;
  secret: string;
  orgId?: string;
  technicalAccountId: string;
  technicalAccountEmail: string;
  scopes: string;
  metascopes: string[];
}

export const LOWER: KeyNames = {
  clientId: ['client_id'],
  secrets: 'client_secrets',
  secret: 'client_secret',
  technicalAccountId: 'technical_account_id',
  technicalAccountEmail: 'technical_account_email',
  scopes: 'scopes',
  metascopes: ['meta_scopes', 'metascopes'],
};

export const UPPER: KeyNames = {
  clientId: ['CLIENT_ID', 'API_KEY'],
  secrets: 'CLIENT_SECRETS',
  secret: 'CLIENT_SECRET',
  orgId: 'ORG_ID',
  technicalAccountId: 'TECHNICAL_ACCOUNT_ID',
  technicalAccountEmail: 'TECHNICAL_ACCOUNT_EMAIL',
  scopes: 'SCOPES',
  metascopes: ['METASCOPES', 'META_SCOPES'],
};

export function label(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

/** Copies one string field, recording the name it was (or would have been) found under. */
export function takeText(
  loaded: LoadedCredentials,
  kind: 'oauth' | 'jwt',
  name: 'clientId' | 'orgId' | 'technicalAccountId' | 'technicalAccountEmail' | 'passphrase',
  obj: Json,
  base: string,
  keys: string[],
): void {
  const target: Record<string, unknown> = kind === 'oauth' ? oauthOf(loaded) : jwtOf(loaded);
  const key = keys.find((candidate) => obj[candidate] !== undefined) ?? keys[0]!;
  loaded.fieldNames[`${kind}.${name}`] = label(base, key);
  const raw = obj[key];
  if (raw === undefined || raw === null) return;
  const value = text(raw);
  if (value === undefined) {
    if (typeof raw !== 'string')
      loaded.issues.push({
        key: `${kind}.${name}`,
        field: label(base, key),
        problem: `must be a string, not ${describeType(raw)}`,
      });
    return;
  }
  target[name] = value;
}

export function takeList(
  loaded: LoadedCredentials,
  kind: 'oauth' | 'jwt',
  name: 'scopes' | 'metascopes',
  obj: Json,
  base: string,
  keys: string[],
): void {
  const key = keys.find((candidate) => obj[candidate] !== undefined) ?? keys[0]!;
  loaded.fieldNames[`${kind}.${name}`] = label(base, key);
  const parsed = parseList(obj[key], SCOPE_SEPARATORS);
  if (parsed === undefined) return;
  if (!parsed.ok)
    loaded.issues.push({ key: `${kind}.${name}`, field: label(base, key), problem: parsed.problem });
  else if (kind === 'oauth') oauthOf(loaded).scopes = parsed.value;
  else jwtOf(loaded).metascopes = parsed.value;
}

/** OAuth wants `client_secrets` (a list); a single `client_secret` is accepted with a note. */
function takeOAuthSecrets(loaded: LoadedCredentials, obj: Json, base: string, keys: KeyNames): void {
  const target = oauthOf(loaded);
  const listLabel = label(base, keys.secrets);
  loaded.fieldNames['oauth.clientSecrets'] = listLabel;
  const list = parseList(obj[keys.secrets]);
  if (list !== undefined) {
    if (list.ok) target.clientSecrets = list.value;
    else loaded.issues.push({ key: 'oauth.clientSecrets', field: listLabel, problem: list.problem });
    return;
  }
  const single = obj[keys.secret];
  if (single === undefined || single === null) return;
  const singleLabel = label(base, keys.secret);
  const value = text(single);
  if (value === undefined) {
    loaded.issues.push({
      key: 'oauth.clientSecrets',
      field: singleLabel,
      problem: typeof single === 'string' ? 'is empty' : `must be a string, not ${describeType(single)}`,
    });
    return;
  }
  target.clientSecrets = [value];
  loaded.fieldNames['oauth.clientSecrets'] = singleLabel;
  loaded.notes.push({
    key: 'oauth.clientSecrets',
    field: singleLabel,
    problem: `is used as the only secret: OAuth Server-to-Server credentials list their secrets in ${keys.secrets}`,
  });
}

/** JWT wants one `client_secret`; a one-item `client_secrets` list is accepted with a note. */
function takeJwtSecret(loaded: LoadedCredentials, obj: Json, base: string, keys: KeyNames): void {
  const target = jwtOf(loaded);
  const singleLabel = label(base, keys.secret);
  loaded.fieldNames['jwt.clientSecret'] = singleLabel;
  const single = obj[keys.secret];
  if (single !== undefined && single !== null) {
    const value = text(single);
    if (value !== undefined) target.clientSecret = value;
    else
      loaded.issues.push({
        key: 'jwt.clientSecret',
        field: singleLabel,
        problem: typeof single === 'string' ? 'is empty' : `must be a string, not ${describeType(single)}`,
      });
    return;
  }
  const list = parseList(obj[keys.secrets]);
  if (list === undefined) return;
  const listLabel = label(base, keys.secrets);
  loaded.fieldNames['jwt.clientSecret'] = listLabel;
  if (!list.ok) loaded.issues.push({ key: 'jwt.clientSecret', field: listLabel, problem: list.problem });
  else if (list.value.length > 1)
    loaded.issues.push({
      key: 'jwt.clientSecret',
      field: listLabel,
      problem: `holds ${list.value.length} secrets, but a JWT credential has exactly one (${keys.secret})`,
    });
  else if (list.value.length === 1) {
    target.clientSecret = list.value[0]!;
    loaded.notes.push({
      key: 'jwt.clientSecret',
      field: listLabel,
      problem: `is a list: a JWT credential has one secret (${keys.secret}); its only entry is used`,
    });
  }
}

export function readOAuthObject(loaded: LoadedCredentials, obj: Json, base: string, keys: KeyNames): void {
  loaded.oauth ??= {};
  takeText(loaded, 'oauth', 'clientId', obj, base, keys.clientId);
  takeOAuthSecrets(loaded, obj, base, keys);
  takeText(loaded, 'oauth', 'technicalAccountId', obj, base, [keys.technicalAccountId]);
  takeText(loaded, 'oauth', 'technicalAccountEmail', obj, base, [keys.technicalAccountEmail]);
  takeList(loaded, 'oauth', 'scopes', obj, base, [keys.scopes]);
  if (keys.orgId) takeText(loaded, 'oauth', 'orgId', obj, base, [keys.orgId]);
}

export function readJwtObject(loaded: LoadedCredentials, obj: Json, base: string, keys: KeyNames): void {
  loaded.jwt ??= {};
  takeText(loaded, 'jwt', 'clientId', obj, base, keys.clientId);
  takeJwtSecret(loaded, obj, base, keys);
  takeText(loaded, 'jwt', 'technicalAccountId', obj, base, [keys.technicalAccountId]);
  takeText(loaded, 'jwt', 'technicalAccountEmail', obj, base, [keys.technicalAccountEmail]);
  takeList(loaded, 'jwt', 'metascopes', obj, base, keys.metascopes);
  if (keys.orgId) takeText(loaded, 'jwt', 'orgId', obj, base, [keys.orgId]);
}
