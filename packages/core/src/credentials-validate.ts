import { describeType, normalizePem, parseList, text } from './credentials-parse.js';
import type { JwtCredentials, LoadedCredentials, OAuthCredentials } from './credentials-types.js';
import { ConfigurationError, type ConfigurationIssue } from './errors.js';
import { checkImsUrl, DEFAULT_IMS_URL } from './ims-request.js';
import { ownProperties } from './own-properties.js';
import { registerSecret } from './redact.js';

/** OAuth Server-to-Server settings passed in code; lists may also be comma-separated texts. */
export interface OAuthCredentialsInput {
  /** The Developer Console client id. */
  clientId?: string;
  /** One or two client secrets. */
  clientSecrets?: string[] | string;
  /** A single client secret; accepted (with a note) where `clientSecrets` is expected. */
  clientSecret?: string;
  /** The IMS organization id, `…@AdobeOrg`. */
  orgId?: string;
  /** The credential's scopes. */
  scopes?: string[] | string;
  /** The technical account, `…@techacct.adobe.com`. */
  technicalAccountId?: string;
  /** The technical account's e-mail. */
  technicalAccountEmail?: string;
  /** The IMS origin. */
  imsUrl?: string;
}

/** JWT (Service Account) settings passed in code; lists may also be comma-separated texts. */
export interface JwtCredentialsInput {
  /** The Developer Console client id. */
  clientId?: string;
  /** The credential's client secret. */
  clientSecret?: string;
  /** A one-item list is accepted (with a note) where `clientSecret` is expected. */
  clientSecrets?: string[] | string;
  /** The IMS organization id, `…@AdobeOrg`. */
  orgId?: string;
  /** The technical account, `…@techacct.adobe.com`. */
  technicalAccountId?: string;
  /** The technical account's e-mail. */
  technicalAccountEmail?: string;
  /** Metascopes, short names or full URLs. */
  metascopes?: string[] | string;
  /**
   * The private key. A PEM text is checked and repaired (`\n` escapes); any other value (a
   * `Buffer`, a `KeyObject`) only counts as present and is left to the JWT strategy.
   */
  privateKey?: unknown;
  /** A path to the PEM private key. */
  privateKeyFile?: string;
  /** The passphrase of an encrypted key. */
  passphrase?: string;
  /** The IMS origin. */
  imsUrl?: string;
}

/** The outcome of checking credentials without throwing. */
export interface CredentialsCheck<T> {
  /** The complete, normalized credentials, when there is no issue. */
  credentials: T | undefined;
  /** Every problem found; empty when `credentials` is set. */
  issues: ConfigurationIssue[];
  /** Things worth telling the user that are not failures. */
  notes: ConfigurationIssue[];
  /** Where the settings were read. */
  source: string;
}

const ORG_SUFFIX = '@AdobeOrg';
const TECHNICAL_ACCOUNT_SUFFIX = '@techacct.adobe.com';
const MAX_SECRETS = 2;
const MIGRATION_GUIDE = 'docs/guides/migrate-jwt-to-oauth.md';
const COMMON_KEYS = ['imsUrl', 'tenant', 'environment', 'baseUrl'];

function isLoaded(input: unknown): input is LoadedCredentials {
  return (
    typeof input === 'object' &&
    input !== null &&
    typeof (input as LoadedCredentials).source === 'string' &&
    typeof (input as LoadedCredentials).fieldNames === 'object'
  );
}

/** Turns code options into the loaded shape, so both go through the same checks. */
function fromOptions(
  kind: 'oauth' | 'jwt',
  input: Record<string, unknown>,
  source: string,
): LoadedCredentials {
  const loaded: LoadedCredentials = { source, format: 'options', fieldNames: {}, issues: [], notes: [] };
  const section: Record<string, unknown> = {};
  const textFields = ['clientId', 'orgId', 'technicalAccountId', 'technicalAccountEmail', 'privateKeyFile'];
  for (const name of textFields) {
    loaded.fieldNames[`${kind}.${name}`] = name;
    const raw = input[name];
    if (raw === undefined || raw === null) continue;
    if (typeof raw !== 'string')
      loaded.issues.push({
        key: `${kind}.${name}`,
        field: name,
        problem: `must be a string, not ${describeType(raw)}`,
      });
    else if (raw.trim() !== '') section[name] = raw.trim();
  }
  for (const name of ['scopes', 'metascopes']) {
    loaded.fieldNames[`${kind}.${name}`] = name;
    const parsed = parseList(input[name], /[,\s]+/);
    if (parsed?.ok) section[name] = parsed.value;
    else if (parsed) loaded.issues.push({ key: `${kind}.${name}`, field: name, problem: parsed.problem });
  }
  const secrets = parseList(input['clientSecrets']);
  const secret = input['clientSecret'];
  if (secret !== undefined && typeof secret !== 'string')
    loaded.issues.push({
      key: `${kind}.clientSecret${kind === 'oauth' ? 's' : ''}`,
      field: 'clientSecret',
      problem: `must be a string, not ${describeType(secret)}`,
    });
  if (secrets && !secrets.ok)
    loaded.issues.push({
      key: `${kind}.clientSecret${kind === 'oauth' ? 's' : ''}`,
      field: 'clientSecrets',
      problem: secrets.problem,
    });
  const single = text(secret);
  const list = secrets?.ok ? secrets.value : undefined;
  if (kind === 'oauth') {
    loaded.fieldNames['oauth.clientSecrets'] = 'clientSecrets';
    if (list && list.length > 0)
      section['clientSecrets'] = single && !list.includes(single) ? [single, ...list] : list;
    else if (single !== undefined) {
      section['clientSecrets'] = [single];
      loaded.fieldNames['oauth.clientSecrets'] = 'clientSecret';
      loaded.notes.push({
        key: 'oauth.clientSecrets',
        field: 'clientSecret',
        problem: 'is used as the only secret: OAuth Server-to-Server credentials take clientSecrets (a list)',
      });
    } else if (list) section['clientSecrets'] = list;
  } else {
    loaded.fieldNames['jwt.clientSecret'] = 'clientSecret';
    if (single !== undefined) section['clientSecret'] = single;
    else if (list && list.length === 1) {
      section['clientSecret'] = list[0];
      loaded.fieldNames['jwt.clientSecret'] = 'clientSecrets';
      loaded.notes.push({
        key: 'jwt.clientSecret',
        field: 'clientSecrets',
        problem: 'is a list: a JWT credential has one secret (clientSecret); its only entry is used',
      });
    } else if (list && list.length > 1)
      loaded.issues.push({
        key: 'jwt.clientSecret',
        field: 'clientSecrets',
        problem: `holds ${list.length} secrets, but a JWT credential has exactly one (clientSecret)`,
      });
    loaded.fieldNames['jwt.privateKey'] = 'privateKey';
    if (input['privateKey'] !== undefined && input['privateKey'] !== null)
      section['privateKey'] = input['privateKey'];
    if (typeof input['passphrase'] === 'string' && input['passphrase'] !== '')
      section['passphrase'] = input['passphrase'];
  }
  loaded.fieldNames['imsUrl'] = 'imsUrl';
  if (input['imsUrl'] !== undefined) loaded.imsUrl = input['imsUrl'] as string;
  if (kind === 'oauth') loaded.oauth = section as Partial<OAuthCredentials>;
  else loaded.jwt = section as Partial<JwtCredentials>;
  return loaded;
}

/**
 * The loaded credentials (or code options turned into that shape) as prototype-free copies, so
 * that no value, the IMS URL above all, can come from a polluted `Object.prototype`.
 */
function ownLoaded(input: unknown, kind: 'oauth' | 'jwt', source: string): LoadedCredentials {
  const own = ownProperties(input as Record<string, unknown>);
  return ownProperties(isLoaded(own) ? own : fromOptions(kind, own, source));
}

/** Collects issues for one kind of credential, with field names as the source spelled them. */
class IssueList {
  readonly issues: ConfigurationIssue[] = [];
  private readonly reported = new Set<string>();

  constructor(
    private readonly loaded: LoadedCredentials,
    private readonly kind: 'oauth' | 'jwt',
  ) {
    for (const issue of loaded.issues) {
      if (issue.key.startsWith(`${kind}.`) || COMMON_KEYS.includes(issue.key)) {
        this.issues.push({ field: issue.field, problem: issue.problem });
        this.reported.add(issue.key);
      }
    }
  }

  /** The user's name for a value, e.g. `ACS_CLIENT_ID` or `CLIENT_ID`. */
  name(key: string): string {
    const full = key.includes('.') || COMMON_KEYS.includes(key) ? key : `${this.kind}.${key}`;
    return (
      this.loaded.fieldNames[full] ?? (key.endsWith('.section') ? 'credentials' : key.replace(/^.*\./, ''))
    );
  }

  /** Adds a problem unless the reader already reported one for this value. */
  add(key: string, problem: string): void {
    const full = key.includes('.') || COMMON_KEYS.includes(key) ? key : `${this.kind}.${key}`;
    if (this.reported.has(full)) return;
    this.reported.add(full);
    this.issues.push({ field: this.name(key), problem });
  }

  missing(key: string, extra = ''): void {
    this.add(key, `is missing (looked in ${lookedIn(this.loaded)})${extra}`);
  }
}

function lookedIn(loaded: LoadedCredentials): string {
  return /^(environment|options|Developer Console)/.test(loaded.source)
    ? `the ${loaded.source}`
    : loaded.source;
}

function checkCommon(
  list: IssueList,
  section: Partial<OAuthCredentials> | Partial<JwtCredentials>,
  technicalAccountRequired: boolean,
): void {
  if (section.clientId === undefined) list.missing('clientId');
  else if (/^p8e-/.test(section.clientId))
    list.add('clientId', 'looks like a client secret (it starts with "p8e-"): give the client id (API key)');
  if (section.orgId === undefined) list.missing('orgId');
  else if (!section.orgId.endsWith(ORG_SUFFIX))
    list.add('orgId', `"${section.orgId}" is not an IMS organization id: it ends with "${ORG_SUFFIX}"`);
  if (section.technicalAccountId === undefined) {
    if (technicalAccountRequired) list.missing('technicalAccountId');
  } else if (!section.technicalAccountId.endsWith(TECHNICAL_ACCOUNT_SUFFIX))
    list.add(
      'technicalAccountId',
      `"${section.technicalAccountId}" is not a technical account id: it ends with "${TECHNICAL_ACCOUNT_SUFFIX}"`,
    );
}

function resolveImsUrl(list: IssueList, loaded: LoadedCredentials, section: { imsUrl?: string }): string {
  const raw = section.imsUrl ?? loaded.imsUrl;
  if (raw === undefined) return DEFAULT_IMS_URL;
  const issue = checkImsUrl(raw, list.name('imsUrl'));
  if (issue) list.add('imsUrl', issue.problem);
  return raw.trim().replace(/\/+$/, '');
}

/** Names of the values present in a section, to say what kind of credential it looks like. */
function present(list: IssueList, section: object, keys: string[]): string[] {
  return keys
    .filter((key) => (section as Record<string, unknown>)[key] !== undefined)
    .map((key) => list.name(`jwt.${key}`));
}

function notesFor(loaded: LoadedCredentials, kind: 'oauth' | 'jwt'): ConfigurationIssue[] {
  return loaded.notes
    .filter((note) => note.key.startsWith(`${kind}.`) || COMMON_KEYS.includes(note.key))
    .map(({ field, problem }) => ({ field, problem }));
}

/**
 * Checks OAuth Server-to-Server credentials and returns every problem at once, without throwing.
 * See {@link requireOAuthCredentials} for the checks.
 */
export function checkOAuthCredentials(
  input: LoadedCredentials | OAuthCredentialsInput,
  source = 'options',
): CredentialsCheck<OAuthCredentials> {
  const loaded = ownLoaded(input, 'oauth', source);
  const list = new IssueList(loaded, 'oauth');
  const notes = notesFor(loaded, 'oauth');
  const jwt = ownProperties(loaded.jwt ?? {});
  const jwtSigns = present(list, jwt, ['privateKey', 'privateKeyFile', 'metascopes']);
  if (!loaded.oauth && loaded.jwt) {
    list.add(
      'oauth.section',
      `describes only a JWT (Service Account) credential, no OAuth Server-to-Server one. ${jwtAdvice()}`,
    );
    return { credentials: undefined, issues: list.issues, notes, source: loaded.source };
  }
  const oauth = ownProperties(loaded.oauth ?? {});
  checkCommon(list, oauth, false);
  if (oauth.clientSecrets === undefined || oauth.clientSecrets.length === 0)
    list.missing(
      'clientSecrets',
      loaded.format === 'environment' ? ': set it, or ACS_CLIENT_SECRETS for a list' : '',
    );
  else if (oauth.clientSecrets.length > MAX_SECRETS)
    list.add(
      'clientSecrets',
      `holds ${oauth.clientSecrets.length} secrets: a credential has at most ${MAX_SECRETS} (the current one and the one being rotated in)`,
    );
  if (oauth.scopes === undefined) {
    if (jwtSigns.length > 0)
      list.add(
        'scopes',
        `is missing, and ${jwtSigns.join(' and ')} belong${jwtSigns.length === 1 ? 's' : ''} to a JWT (Service Account) configuration. ${jwtAdvice()}`,
      );
    else list.missing('scopes', ': copy them from the Scopes tab of the credential in the Developer Console');
  } else if (oauth.scopes.length === 0)
    list.add(
      'scopes',
      'is empty: copy the scopes from the Scopes tab of the credential in the Developer Console',
    );
  const imsUrl = resolveImsUrl(list, loaded, oauth);

  for (const secret of oauth.clientSecrets ?? []) registerSecret(secret);
  if (list.issues.length > 0)
    return { credentials: undefined, issues: list.issues, notes, source: loaded.source };
  const credentials: OAuthCredentials = {
    clientId: oauth.clientId!,
    clientSecrets: [...oauth.clientSecrets!],
    orgId: oauth.orgId!,
    scopes: [...oauth.scopes!],
    imsUrl,
  };
  if (oauth.technicalAccountId) credentials.technicalAccountId = oauth.technicalAccountId;
  if (oauth.technicalAccountEmail) credentials.technicalAccountEmail = oauth.technicalAccountEmail;
  return { credentials, issues: [], notes, source: loaded.source };
}

function jwtAdvice(): string {
  return (
    'JWT credentials stopped working in 2025-2026: migrate to OAuth Server-to-Server (see ' +
    `${MIGRATION_GUIDE}; toOAuthServerToServerConfig() in @campaign-standard/auth-jwt converts the configuration), ` +
    'or authenticate with @campaign-standard/auth-jwt while the JWT credential still works'
  );
}

function oauthAdvice(): string {
  return 'use createOAuthServerToServerAuth from @campaign-standard/auth-oauth, not the JWT strategy';
}

/**
 * Checks JWT (Service Account) credentials and returns every problem at once, without throwing.
 * See {@link requireJwtCredentials} for the checks.
 */
export function checkJwtCredentials(
  input: LoadedCredentials | JwtCredentialsInput,
  source = 'options',
): CredentialsCheck<JwtCredentials> {
  const loaded = ownLoaded(input, 'jwt', source);
  const list = new IssueList(loaded, 'jwt');
  const notes = notesFor(loaded, 'jwt');
  if (!loaded.jwt && loaded.oauth) {
    list.add(
      'jwt.section',
      `describes only an OAuth Server-to-Server credential, no JWT (Service Account) one: ${oauthAdvice()}`,
    );
    return { credentials: undefined, issues: list.issues, notes, source: loaded.source };
  }
  const jwt = ownProperties(loaded.jwt ?? {});
  checkCommon(list, jwt, true);
  if (jwt.clientSecret === undefined) list.missing('clientSecret');
  const hasKey = jwt.privateKey !== undefined || jwt.privateKeyFile !== undefined;
  const oauthScopes = loaded.oauth?.scopes;
  if (!hasKey && jwt.metascopes === undefined && oauthScopes !== undefined) {
    list.add(
      'privateKey',
      `is missing, and ${list.name('oauth.scopes')} belongs to an OAuth Server-to-Server configuration: ${oauthAdvice()}`,
    );
    list.add('metascopes', 'is missing too');
  }
  if (jwt.metascopes === undefined) list.missing('metascopes', ': for Campaign, ent_campaign_sdk');
  else if (jwt.metascopes.length === 0)
    list.add('metascopes', 'is empty: for Campaign, give ent_campaign_sdk');

  let privateKey: string | undefined;
  if (!hasKey) {
    const consoleDownload = loaded.format === 'workspace' || loaded.format === 'credential';
    if (consoleDownload)
      list.add(
        'privateKey',
        'is missing: a Developer Console download never contains the private key; pass privateKey or privateKeyFile',
      );
    else list.missing('privateKey', `: give the key text, or its path in ${list.name('privateKeyFile')}`);
  } else if (jwt.privateKey !== undefined && jwt.privateKeyFile !== undefined) {
    list.add('privateKey', `and ${list.name('privateKeyFile')} are both set: give only one`);
  } else if (typeof jwt.privateKey === 'string') {
    const normalized = normalizePem(jwt.privateKey);
    if (normalized.truncated)
      list.add(
        'privateKey',
        'holds only the first line of a PEM key: the rest was lost, typically by an unquoted multi-line value in a .env file. ' +
          'Quote the value, write the line breaks as \\n, or use a key file instead',
      );
    else if (!normalized.pem.includes('-----BEGIN '))
      list.add(
        'privateKey',
        `is not a PEM key (no "-----BEGIN" line): give the key text, or its path in ${list.name('privateKeyFile')}`,
      );
    else {
      privateKey = normalized.pem;
      registerSecret(jwt.privateKey);
      registerSecret(privateKey);
    }
  }
  const imsUrl = resolveImsUrl(list, loaded, jwt);
  registerSecret(jwt.clientSecret);
  registerSecret(jwt.passphrase);

  if (list.issues.length > 0)
    return { credentials: undefined, issues: list.issues, notes, source: loaded.source };
  const credentials: JwtCredentials = {
    clientId: jwt.clientId!,
    clientSecret: jwt.clientSecret!,
    orgId: jwt.orgId!,
    technicalAccountId: jwt.technicalAccountId!,
    metascopes: [...jwt.metascopes!],
    imsUrl,
  };
  if (jwt.technicalAccountEmail) credentials.technicalAccountEmail = jwt.technicalAccountEmail;
  if (privateKey !== undefined) credentials.privateKey = privateKey;
  if (jwt.privateKeyFile !== undefined) credentials.privateKeyFile = jwt.privateKeyFile;
  if (jwt.passphrase !== undefined) credentials.passphrase = jwt.passphrase;
  return { credentials, issues: [], notes, source: loaded.source };
}

function orThrow<T>(check: CredentialsCheck<T>): T {
  if (check.credentials !== undefined) return check.credentials;
  const hint =
    check.notes.length > 0
      ? check.notes.map((note) => `${note.field} ${note.problem}`).join('; ')
      : undefined;
  throw new ConfigurationError(check.issues, check.source, hint === undefined ? {} : { hint });
}

/**
 * Validates OAuth Server-to-Server credentials, read by {@link readCredentialsFromEnvironment} or
 * {@link readConsoleCredentials} or passed in code, and returns them complete and normalized
 * (IMS URL defaulted, secrets registered for redaction).
 *
 * Checks: client id, secrets, org id and scopes present; the org id ends with `@AdobeOrg`; a
 * technical account, when given, ends with `@techacct.adobe.com`; the scope list is not empty; at
 * most two secrets; the IMS URL is https (http only for loopback). A JWT configuration given here
 * is reported with the way to migrate.
 *
 * @param input - loaded credentials, or options as passed in code
 * @param source - where options came from, for messages (default `options`)
 * @throws {@link ConfigurationError} listing every problem at once, each with the field named as
 *   the source spells it (`ACS_CLIENT_ID`, `clientId`, `CLIENT_ID`, …).
 */
export function requireOAuthCredentials(
  input: LoadedCredentials | OAuthCredentialsInput,
  source?: string,
): OAuthCredentials {
  return orThrow(checkOAuthCredentials(input, source));
}

/**
 * Validates legacy JWT (Service Account) credentials and returns them complete and normalized
 * (PEM line breaks repaired, IMS URL defaulted, secrets registered for redaction). The key itself
 * is parsed by `@campaign-standard/auth-jwt`.
 *
 * Checks: client id, secret, org id, technical account, metascopes and a private key (text or
 * file, not both) present; id suffixes; a PEM not cut to its first line; the IMS URL. An OAuth
 * configuration given here is reported as such.
 *
 * @param input - loaded credentials, or options as passed in code
 * @param source - where options came from, for messages (default `options`)
 * @throws {@link ConfigurationError} listing every problem at once.
 */
export function requireJwtCredentials(
  input: LoadedCredentials | JwtCredentialsInput,
  source?: string,
): JwtCredentials {
  return orThrow(checkJwtCredentials(input, source));
}
