import { readTextFile } from './credentials-file.js';
import { describeType, looksLikePem, parseJsonSafely, parseList, text } from './credentials-parse.js';
import type {
  CertificateExpiry,
  CredentialsFormat,
  JwtCredentials,
  LoadedCredentials,
  OAuthCredentials,
} from './credentials-types.js';
import { ConfigurationError } from './errors.js';

/** The IMS origin an aio context with `env: "stage"` talks to. */
export const STAGE_IMS_URL = 'https://ims-na1-stg1.adobelogin.com';

/** Options of {@link readConsoleCredentials}. */
export interface ReadConsoleCredentialsOptions {
  /**
   * For an aio config holding several `ims.contexts`: the one to use. By default
   * `ims.config.current`, else the only context.
   */
  context?: string;
  /** @internal The setting that named the file, for messages (e.g. `ACS_CREDENTIALS_FILE`). */
  field?: string;
  /** @internal Where that setting was read (e.g. `environment`). */
  origin?: string;
}

type Json = Record<string, unknown>;

const WORKSPACE_CREDENTIALS = 'project.workspace.details.credentials';
const SCOPE_SEPARATORS = /[,\s]+/;

/**
 * Reads a Developer Console download, in any of its forms, from JSON text, a parsed object or a
 * file path:
 *
 * - the workspace JSON ("Download all") with `project.workspace.details.credentials[]`, holding an
 *   `oauth_server_to_server` credential, a `service` (JWT) credential, or, during a migration, an
 *   `oauth_server_to_server_migrate` credential with both;
 * - the per-credential download with upper-case keys (`TYPE`, `ORG_ID`, `CLIENT_ID`,
 *   `CLIENT_SECRETS`, `SCOPES`, …; the JWT variant with `API_KEY`, `CLIENT_SECRET`,
 *   `PUBLIC_KEYS_WITH_EXPIRY`);
 * - an aio CLI config (`ims.contexts.<name>`) or a single context object.
 *
 * Secrets and scopes may be lists or JSON list texts. When both an OAuth and a JWT credential are
 * present, both are returned; the OAuth one is what {@link requireOAuthCredentials} uses. Nothing
 * is validated here beyond the shape of the file: see {@link requireOAuthCredentials} and
 * {@link requireJwtCredentials}.
 *
 * @throws {@link ConfigurationError} when the file cannot be read, is not JSON, or is not a
 *   credential download.
 */
export function readConsoleCredentials(
  jsonOrPath: string | object,
  options: ReadConsoleCredentialsOptions = {},
): LoadedCredentials {
  let content: unknown = jsonOrPath;
  let source = 'Developer Console JSON';
  let field = options.field ?? 'jsonOrPath';
  const origin = options.origin;
  if (typeof jsonOrPath === 'string') {
    const trimmed = jsonOrPath.trim();
    // JSON text starts with { (or [ / " for the wrong kind of JSON, reported as such below); a path never does
    if (/^[{["]/.test(trimmed)) content = parseOrThrow(trimmed, field, origin ?? source);
    else {
      source = trimmed;
      field = options.field ?? trimmed;
      const fileText = readTextFile(trimmed, {
        field,
        source: origin ?? trimmed,
        alternative: 'the JSON content',
      });
      content = parseOrThrow(fileText, field, origin ?? trimmed, options.field ? trimmed : undefined);
    }
  }
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw new ConfigurationError(
      [{ field, problem: `must be a JSON object, not ${describeType(content)}` }],
      origin ?? source,
    );
  }
  const json = content as Json;
  if (isObject(json['project'])) return readWorkspace(json, source, field, origin);
  if (isObject(json['ims']) && isObject((json['ims'] as Json)['contexts']))
    return readAioConfig(json, source, options.context, origin);
  if (['TYPE', 'CLIENT_ID', 'API_KEY', 'ORG_ID'].some((key) => key in json))
    return readUpperCase(json, source, origin);
  if ('client_id' in json || 'ims_org_id' in json) return readAioContext(json, '', source, 'aio-context');
  throw new ConfigurationError(
    [
      {
        field,
        problem:
          `is not a Developer Console credential download: expected ${WORKSPACE_CREDENTIALS} (workspace JSON), ` +
          'TYPE/CLIENT_ID/ORG_ID (credential JSON) or ims.contexts (aio config)',
      },
    ],
    origin ?? source,
  );
}

function parseOrThrow(content: string, field: string, source: string, path?: string): unknown {
  const parsed = parseJsonSafely(content);
  if (parsed.ok) return parsed.value;
  const problem = path === undefined ? parsed.problem : `names "${path}", which ${parsed.problem}`;
  throw new ConfigurationError([{ field, problem }], source);
}

function isObject(value: unknown): value is Json {
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

function emptyLoaded(source: string, format: CredentialsFormat): LoadedCredentials {
  return { source, format, fieldNames: {}, issues: [], notes: [] };
}

/** Key names of one credential object, lower-case (workspace, aio) or upper-case (credential JSON). */
interface KeyNames {
  clientId: string[];
  secrets: string;
  secret: string;
  orgId?: string;
  technicalAccountId: string;
  technicalAccountEmail: string;
  scopes: string;
  metascopes: string[];
}

const LOWER: KeyNames = {
  clientId: ['client_id'],
  secrets: 'client_secrets',
  secret: 'client_secret',
  technicalAccountId: 'technical_account_id',
  technicalAccountEmail: 'technical_account_email',
  scopes: 'scopes',
  metascopes: ['meta_scopes', 'metascopes'],
};

const UPPER: KeyNames = {
  clientId: ['CLIENT_ID', 'API_KEY'],
  secrets: 'CLIENT_SECRETS',
  secret: 'CLIENT_SECRET',
  orgId: 'ORG_ID',
  technicalAccountId: 'TECHNICAL_ACCOUNT_ID',
  technicalAccountEmail: 'TECHNICAL_ACCOUNT_EMAIL',
  scopes: 'SCOPES',
  metascopes: ['METASCOPES', 'META_SCOPES'],
};

function label(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

/** Copies one string field, recording the name it was (or would have been) found under. */
function takeText(
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

function takeList(
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

function readOAuthObject(loaded: LoadedCredentials, obj: Json, base: string, keys: KeyNames): void {
  loaded.oauth ??= {};
  takeText(loaded, 'oauth', 'clientId', obj, base, keys.clientId);
  takeOAuthSecrets(loaded, obj, base, keys);
  takeText(loaded, 'oauth', 'technicalAccountId', obj, base, [keys.technicalAccountId]);
  takeText(loaded, 'oauth', 'technicalAccountEmail', obj, base, [keys.technicalAccountEmail]);
  takeList(loaded, 'oauth', 'scopes', obj, base, [keys.scopes]);
  if (keys.orgId) takeText(loaded, 'oauth', 'orgId', obj, base, [keys.orgId]);
}

function readJwtObject(loaded: LoadedCredentials, obj: Json, base: string, keys: KeyNames): void {
  loaded.jwt ??= {};
  takeText(loaded, 'jwt', 'clientId', obj, base, keys.clientId);
  takeJwtSecret(loaded, obj, base, keys);
  takeText(loaded, 'jwt', 'technicalAccountId', obj, base, [keys.technicalAccountId]);
  takeText(loaded, 'jwt', 'technicalAccountEmail', obj, base, [keys.technicalAccountEmail]);
  takeList(loaded, 'jwt', 'metascopes', obj, base, keys.metascopes);
  if (keys.orgId) takeText(loaded, 'jwt', 'orgId', obj, base, [keys.orgId]);
}

function readWorkspace(
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

function readUpperCase(json: Json, source: string, origin: string | undefined): LoadedCredentials {
  const type = text(json['TYPE'])?.toLowerCase();
  const oauthSignals = type === 'oauthservertoserver' || 'CLIENT_SECRETS' in json || 'SCOPES' in json;
  const jwtSignals =
    (type !== undefined && /jwt|service/.test(type)) ||
    'API_KEY' in json ||
    'PUBLIC_KEYS_WITH_EXPIRY' in json ||
    'METASCOPES' in json ||
    'META_SCOPES' in json;
  if (type !== undefined && !oauthSignals && !jwtSignals) {
    throw new ConfigurationError(
      [
        {
          field: 'TYPE',
          problem: `is "${type}", not a server-to-server credential: download the OAuth Server-to-Server credential of the project`,
        },
      ],
      origin ?? source,
    );
  }
  const loaded = emptyLoaded(source, 'credential');
  loaded.fieldNames['oauth.section'] = 'TYPE';
  loaded.fieldNames['jwt.section'] = 'TYPE';
  if (oauthSignals || !jwtSignals) readOAuthObject(loaded, json, '', UPPER);
  if (jwtSignals) {
    readJwtObject(loaded, json, '', UPPER);
    const certificates = readCertificates(json['PUBLIC_KEYS_WITH_EXPIRY']);
    if (certificates) loaded.certificates = certificates;
  }
  return loaded;
}

/** `{"<fingerprint>":"MM/DD/YYYY"}` (or its JSON text, or a list of such objects) as ISO dates. */
function readCertificates(value: unknown): CertificateExpiry[] | undefined {
  let raw = value;
  if (typeof raw === 'string') {
    const parsed = parseJsonSafely(raw);
    if (!parsed.ok) return undefined;
    raw = parsed.value;
  }
  const entries: Array<[string, unknown]> = [];
  if (Array.isArray(raw)) for (const item of raw) if (isObject(item)) entries.push(...Object.entries(item));
  if (isObject(raw)) entries.push(...Object.entries(raw));
  if (entries.length === 0) return undefined;
  return entries.map(([fingerprint, date]) => {
    const written = String(date);
    const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(written.trim());
    const expiresOn = us ? `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : written;
    return { fingerprint, expiresOn };
  });
}

function readAioConfig(
  json: Json,
  source: string,
  wanted: string | undefined,
  origin: string | undefined,
): LoadedCredentials {
  const ims = json['ims'] as Json;
  const contexts = ims['contexts'] as Json;
  const names = Object.keys(contexts).filter((name) => isObject(contexts[name]));
  const current = isObject(ims['config']) ? text(ims['config']['current']) : undefined;
  const usable = names.filter((name) => !name.startsWith('$'));
  const name =
    wanted ?? (current && names.includes(current) ? current : usable.length === 1 ? usable[0] : undefined);
  if (name === undefined || !names.includes(name)) {
    const problem =
      wanted !== undefined
        ? `has no context "${wanted}" (found: ${names.join(', ') || 'none'})`
        : usable.length === 0
          ? 'holds no context'
          : `holds several contexts (${usable.join(', ')}): choose one with the context option or ims.config.current`;
    throw new ConfigurationError([{ field: 'ims.contexts', problem }], origin ?? source);
  }
  return readAioContext(contexts[name] as Json, `ims.contexts.${name}`, source, 'aio-context');
}

function readAioContext(
  context: Json,
  base: string,
  source: string,
  format: CredentialsFormat,
): LoadedCredentials {
  const loaded = emptyLoaded(source, format);
  loaded.fieldNames['oauth.section'] = base || 'context';
  loaded.fieldNames['jwt.section'] = base || 'context';
  const keys: KeyNames = { ...LOWER, orgId: 'ims_org_id' };
  const oauthSignals = context['scopes'] !== undefined || context['client_secrets'] !== undefined;
  const jwtSignals =
    context['meta_scopes'] !== undefined ||
    context['metascopes'] !== undefined ||
    context['private_key'] !== undefined;
  if (oauthSignals || !jwtSignals) readOAuthObject(loaded, context, base, keys);
  if (jwtSignals) {
    readJwtObject(loaded, context, base, keys);
    readAioPrivateKey(loaded, context, base);
    takeText(loaded, 'jwt', 'passphrase', context, base, ['passphrase']);
  }
  const env = text(context['env']);
  if (env !== undefined) {
    loaded.fieldNames['imsUrl'] = label(base, 'env');
    if (env === 'stage') loaded.imsUrl = STAGE_IMS_URL;
    else if (env !== 'prod')
      loaded.issues.push({
        key: 'imsUrl',
        field: label(base, 'env'),
        problem: `is "${env}", not "prod" or "stage"`,
      });
  }
  return loaded;
}

/** aio accepts a PEM string, a list of its lines, a JSON text of either, or a file path. */
function readAioPrivateKey(loaded: LoadedCredentials, context: Json, base: string): void {
  const field = label(base, 'private_key');
  loaded.fieldNames['jwt.privateKey'] = field;
  loaded.fieldNames['jwt.privateKeyFile'] = field;
  let raw = context['private_key'];
  if (raw === undefined || raw === null) return;
  if (typeof raw === 'string' && /^\s*["[]/.test(raw)) {
    const parsed = parseJsonSafely(raw.trim());
    if (parsed.ok) raw = parsed.value;
  }
  if (Array.isArray(raw) && raw.every((line) => typeof line === 'string')) raw = raw.join('\n');
  const value = text(raw);
  if (value === undefined) {
    loaded.issues.push({
      key: 'jwt.privateKey',
      field,
      problem: 'must be a PEM text, a list of its lines or a file path',
    });
    return;
  }
  const jwt = jwtOf(loaded);
  if (looksLikePem(value)) jwt.privateKey = value;
  else jwt.privateKeyFile = value;
}
