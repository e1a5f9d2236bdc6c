/**
 * The checks every credential shares, and the frame in which each strategy adds its own: a
 * strategy package describes its credential with {@link CredentialRules} and calls
 * {@link checkCredentials}. Checks only read: they register no secret and read no file.
 */
import { describeType, parseList, text } from './credentials-parse.js';
import type { LoadedCredentials } from './credentials-types.js';
import { ConfigurationError, type ConfigurationIssue } from './errors.js';
import { checkImsUrl, DEFAULT_IMS_URL } from './ims-request.js';
import { ownProperties } from './own-properties.js';

/** The two kinds of credential a Developer Console project holds. */
export type CredentialKind = 'oauth' | 'jwt';

/** The fields every checked credential has. */
export interface CheckedCredentialFields {
  /** The Developer Console client id (API key). */
  clientId: string;
  /** The IMS organization id, `…@AdobeOrg`. */
  orgId: string;
  /** The technical account, `…@techacct.adobe.com`, when given (or required). */
  technicalAccountId?: string;
  /** The technical account's e-mail, when given. */
  technicalAccountEmail?: string;
  /** The IMS origin, without a trailing slash (`https://ims-na1.adobelogin.com` by default). */
  imsUrl?: string;
}

/** The outcome of checking credentials without throwing. */
export interface CredentialsCheck<T> {
  /** The complete, normalized credentials (frozen), when there is no issue. */
  credentials: T | undefined;
  /** Every problem found; empty when `credentials` is set. */
  issues: ConfigurationIssue[];
  /** Things worth telling the user that are not failures. */
  notes: ConfigurationIssue[];
  /** Where the settings were read. */
  source: string;
  /**
   * The name the user wrote for each value, keyed `oauth.clientId`, `jwt.privateKeyFile`,
   * `imsUrl`, …, for messages about the credentials after the check (a key file that cannot be read).
   */
  fieldNames: Readonly<Record<string, string>>;
  /**
   * Set when the settings describe a credential of the other kind (a JWT configuration given to
   * OAuth Server-to-Server, or the reverse): the strategy package says what to do about it.
   */
  otherKind?: CredentialKind | undefined;
}

/** What the rules of one strategy see while its credential is checked. */
export interface CredentialCheckContext {
  /** The credentials as loaded, a prototype-free copy. */
  readonly loaded: LoadedCredentials;
  /** The values of the credential being checked (`loaded.oauth` or `loaded.jwt`), a copy. */
  readonly section: Readonly<Record<string, unknown>>;
  /** The values of the other kind of credential, a copy (empty when there is none). */
  readonly other: Readonly<Record<string, unknown>>;
  /** The name the user wrote for a value: `clientSecrets` (this kind), `jwt.metascopes`, `imsUrl`. */
  name(key: string): string;
  /** Reports a problem with a value, unless the loader already reported one for it. */
  add(key: string, problem: string): void;
  /** Reports a missing value, saying where it was looked for; `extra` is appended. */
  missing(key: string, extra?: string): void;
  /** Says that the settings describe the other kind of credential (see {@link CredentialsCheck.otherKind}). */
  pointToOtherKind(): void;
}

/** How a strategy checks its own values on top of the shared ones. */
export interface CredentialRules<T extends CheckedCredentialFields> {
  /** Which credential of the loaded settings these rules check. */
  readonly kind: CredentialKind;
  /** Whether the technical account id is required (it is always checked when given). */
  readonly technicalAccountRequired: boolean;
  /**
   * Checks the strategy's own values, reporting problems through `context`, and returns them
   * normalized. Called after the shared checks; its result is used only when no problem was found.
   */
  check(context: CredentialCheckContext): Omit<T, keyof CheckedCredentialFields>;
}

const ORG_SUFFIX = '@AdobeOrg';
const TECHNICAL_ACCOUNT_SUFFIX = '@techacct.adobe.com';
const COMMON_KEYS = ['imsUrl', 'tenant', 'environment', 'baseUrl'];
const LABELS: Record<CredentialKind, string> = {
  oauth: 'OAuth Server-to-Server',
  jwt: 'JWT (Service Account)',
};

/** Check results this copy of core produced, and for which kind: what `isCredentialsCheck` trusts. */
const produced = new WeakMap<object, CredentialKind>();

/**
 * True when a value has the shape of {@link LoadedCredentials}, as core's loaders return them
 * (`source`, `format`, `fieldNames`), rather than options given in code or a check result.
 */
export function isLoadedCredentials(value: unknown): value is LoadedCredentials {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as LoadedCredentials).source === 'string' &&
    typeof (value as LoadedCredentials).format === 'string' &&
    typeof (value as LoadedCredentials).fieldNames === 'object'
  );
}

/** Turns options given in code into the loaded shape, so both go through the same checks. */
function fromOptions(
  kind: CredentialKind,
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
  const secretKey = kind === 'oauth' ? 'oauth.clientSecrets' : 'jwt.clientSecret';
  const secrets = parseList(input['clientSecrets']);
  const secret = input['clientSecret'];
  if (secret !== undefined && typeof secret !== 'string')
    loaded.issues.push({
      key: secretKey,
      field: 'clientSecret',
      problem: `must be a string, not ${describeType(secret)}`,
    });
  if (secrets && !secrets.ok)
    loaded.issues.push({ key: secretKey, field: 'clientSecrets', problem: secrets.problem });
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
  loaded[kind] = section;
  return loaded;
}

/**
 * The loaded credentials (or code options turned into that shape) as prototype-free copies, so
 * that no value, the IMS URL above all, can come from a polluted `Object.prototype`.
 */
function ownLoaded(input: unknown, kind: CredentialKind, source: string): LoadedCredentials {
  const own = ownProperties(input as Record<string, unknown>);
  return ownProperties(isLoadedCredentials(own) ? own : fromOptions(kind, own, source));
}

/** Collects issues for one kind of credential, with field names as the source spelled them. */
class IssueList {
  readonly issues: ConfigurationIssue[] = [];
  private readonly reported = new Set<string>();

  constructor(
    private readonly loaded: LoadedCredentials,
    private readonly kind: CredentialKind,
  ) {
    for (const issue of loaded.issues) {
      if (issue.key.startsWith(`${kind}.`) || COMMON_KEYS.includes(issue.key)) {
        this.issues.push({ field: issue.field, problem: issue.problem });
        this.reported.add(issue.key);
      }
    }
  }

  private full(key: string): string {
    return key.includes('.') || COMMON_KEYS.includes(key) ? key : `${this.kind}.${key}`;
  }

  name(key: string): string {
    const full = this.full(key);
    return (
      this.loaded.fieldNames[full] ?? (key.endsWith('.section') ? 'credentials' : key.replace(/^.*\./, ''))
    );
  }

  add(key: string, problem: string): void {
    const full = this.full(key);
    if (this.reported.has(full)) return;
    this.reported.add(full);
    this.issues.push({ field: this.name(key), problem });
  }

  missing(key: string, extra = ''): void {
    const source = this.loaded.source;
    const lookedIn = /^(environment|options|Developer Console)/.test(source) ? `the ${source}` : source;
    this.add(key, `is missing (looked in ${lookedIn})${extra}`);
  }
}

function checkShared(
  list: IssueList,
  section: Record<string, unknown>,
  technicalAccountRequired: boolean,
): void {
  const { clientId, orgId, technicalAccountId } = section as Record<string, string | undefined>;
  if (clientId === undefined) list.missing('clientId');
  else if (/^p8e-/.test(clientId))
    list.add('clientId', 'looks like a client secret (it starts with "p8e-"): give the client id (API key)');
  if (orgId === undefined) list.missing('orgId');
  else if (!orgId.endsWith(ORG_SUFFIX))
    list.add('orgId', `"${orgId}" is not an IMS organization id: it ends with "${ORG_SUFFIX}"`);
  if (technicalAccountId === undefined) {
    if (technicalAccountRequired) list.missing('technicalAccountId');
  } else if (!technicalAccountId.endsWith(TECHNICAL_ACCOUNT_SUFFIX))
    list.add(
      'technicalAccountId',
      `"${technicalAccountId}" is not a technical account id: it ends with "${TECHNICAL_ACCOUNT_SUFFIX}"`,
    );
}

function resolveImsUrl(list: IssueList, loaded: LoadedCredentials, section: Record<string, unknown>): string {
  const raw = (section['imsUrl'] as string | undefined) ?? loaded.imsUrl;
  if (raw === undefined) return DEFAULT_IMS_URL;
  const issue = checkImsUrl(raw, list.name('imsUrl'));
  if (issue) list.add('imsUrl', issue.problem);
  return typeof raw === 'string' ? raw.trim().replace(/\/+$/, '') : DEFAULT_IMS_URL;
}

function freezeDeep<T extends object>(value: T): T {
  for (const item of Object.values(value)) if (Array.isArray(item)) Object.freeze(item);
  return Object.freeze(value);
}

/**
 * Checks loaded credentials (or options given in code, turned into the loaded shape) for one
 * strategy: the shared checks (client id present and not a secret, org id ending with
 * `@AdobeOrg`, technical account ending with `@techacct.adobe.com`, IMS URL https or loopback
 * http), then the strategy's own through `rules`. Every problem is reported at once, each field
 * named as the source spells it; nothing is thrown, registered or read from disk.
 *
 * The result is frozen and known to {@link isCredentialsCheck}: given back to this function
 * (which is what a strategy's `fromCredentials` does), it is returned as it is, not checked
 * again. A check result of another copy of core (two versions installed side by side) has its
 * credentials checked again; a failed one keeps its issues.
 *
 * @param input - credentials from a loader, or options as passed in code
 * @param rules - the strategy's own checks
 * @param source - where options came from, for messages (default `options`)
 */
export function checkCredentials<T extends CheckedCredentialFields>(
  input: LoadedCredentials | object,
  rules: CredentialRules<T>,
  source = 'options',
): CredentialsCheck<T> {
  const { kind } = rules;
  if (produced.get(input) === kind) return input as CredentialsCheck<T>;
  if (isCheckShaped(input)) {
    // a check result from another copy of core, or for the other kind: its credentials are
    // checked again as options; a failed one keeps its issues
    const foreign = ownProperties(input);
    if (foreign.credentials === undefined) return rebrand(foreign, kind);
    return checkCredentials(foreign.credentials as object, rules, foreign.source);
  }
  const otherKindOf: CredentialKind = kind === 'oauth' ? 'jwt' : 'oauth';
  const loaded = ownLoaded(input, kind, source);
  const list = new IssueList(loaded, kind);
  let otherKind: CredentialKind | undefined;
  const notes = loaded.notes
    .filter((note) => note.key.startsWith(`${kind}.`) || COMMON_KEYS.includes(note.key))
    .map(({ field, problem }) => ({ field, problem }));
  const finish = (credentials: T | undefined): CredentialsCheck<T> => {
    const check: CredentialsCheck<T> = {
      credentials: credentials === undefined ? undefined : freezeDeep(credentials),
      issues: list.issues,
      notes,
      source: loaded.source,
      fieldNames: Object.freeze({ ...loaded.fieldNames }),
      otherKind,
    };
    Object.freeze(check);
    produced.set(check, kind);
    return check;
  };

  const other = ownProperties((loaded[otherKindOf] ?? {}) as Record<string, unknown>);
  if (!loaded[kind] && loaded[otherKindOf]) {
    otherKind = otherKindOf;
    list.add(`${kind}.section`, `describes only ${article(otherKindOf)} credential, no ${LABELS[kind]} one`);
    return finish(undefined);
  }
  const section = ownProperties((loaded[kind] ?? {}) as Record<string, unknown>);
  checkShared(list, section, rules.technicalAccountRequired);
  const own = rules.check({
    loaded,
    section,
    other,
    name: (key) => list.name(key),
    add: (key, problem) => list.add(key, problem),
    missing: (key, extra) => list.missing(key, extra),
    pointToOtherKind: () => {
      otherKind = otherKindOf;
    },
  });
  const imsUrl = resolveImsUrl(list, loaded, section);
  if (list.issues.length > 0) return finish(undefined);
  const shared: CheckedCredentialFields = {
    clientId: section['clientId'] as string,
    orgId: section['orgId'] as string,
  };
  if (section['technicalAccountId']) shared.technicalAccountId = section['technicalAccountId'] as string;
  if (section['technicalAccountEmail'])
    shared.technicalAccountEmail = section['technicalAccountEmail'] as string;
  return finish({ ...shared, ...own, imsUrl } as T);
}

/** True for something shaped like a check result (not loaded credentials, not options). */
function isCheckShaped(input: unknown): input is CredentialsCheck<unknown> {
  if (typeof input !== 'object' || input === null) return false;
  const candidate = input as Partial<CredentialsCheck<unknown>> & { format?: unknown };
  return (
    Array.isArray(candidate.issues) &&
    Array.isArray(candidate.notes) &&
    typeof candidate.source === 'string' &&
    'credentials' in candidate &&
    candidate.format === undefined
  );
}

/** A failed check of another copy of core, as this copy's own result. */
function rebrand<T>(check: CredentialsCheck<unknown>, kind: CredentialKind): CredentialsCheck<T> {
  const copy: CredentialsCheck<T> = {
    credentials: undefined,
    issues: check.issues.map(({ field, problem }) => ({ field, problem })),
    notes: check.notes.map(({ field, problem }) => ({ field, problem })),
    source: check.source,
    fieldNames: Object.freeze({ ...ownProperties(check.fieldNames ?? {}) }),
    otherKind: check.otherKind,
  };
  Object.freeze(copy);
  produced.set(copy, kind);
  return copy;
}

function article(kind: CredentialKind): string {
  return `${kind === 'oauth' ? 'an' : 'a'} ${LABELS[kind]}`;
}

/**
 * True when `value` is a check result that this copy of core produced with {@link checkCredentials}
 * for `kind` (and that nobody can have changed since: results are frozen). A strategy takes such a
 * result without checking again; anything else is checked.
 */
export function isCredentialsCheck<T extends CheckedCredentialFields>(
  value: unknown,
  kind: CredentialKind,
): value is CredentialsCheck<T> {
  return typeof value === 'object' && value !== null && produced.get(value) === kind;
}

/** Options of {@link configurationErrorFor}. */
export interface ConfigurationErrorForOptions {
  /** Problems found besides the credentials' (runtime options, unknown names). */
  extraIssues?: readonly ConfigurationIssue[] | undefined;
  /** What the strategy advises, e.g. for a configuration of the other kind; put before the notes. */
  advice?: string | undefined;
}

/**
 * The {@link ConfigurationError} for a failed check: every issue (the check's, then
 * `extraIssues`), and as its hint the strategy's advice followed by the check's notes.
 */
export function configurationErrorFor(
  check: CredentialsCheck<unknown>,
  options: ConfigurationErrorForOptions = {},
): ConfigurationError {
  const notes = check.notes.map((note) => `${note.field} ${note.problem}`);
  const hint = [options.advice, ...notes].filter(Boolean).join('; ') || undefined;
  return new ConfigurationError(
    [...check.issues, ...(options.extraIssues ?? [])],
    check.source,
    hint === undefined ? {} : { hint },
  );
}
