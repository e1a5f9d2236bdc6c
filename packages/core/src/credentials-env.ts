import { jwtOf, oauthOf } from './console-fields.js';
import { readConsoleCredentials } from './credentials-console.js';
import { parseList, text } from './credentials-parse.js';
import type { LoadedCredentials } from './credentials-types.js';
import { ACS_SETTINGS, type AcsSetting, type AcsSettingName, acsSetting } from './settings.js';

/** An environment: `process.env` or any map of variable names to values. */
export type EnvironmentVariables = Record<string, string | undefined>;

/** One setting's value and the name it was given under, for messages. */
export interface SettingValue {
  /**
   * The value: a text (environment, `.env`, flags, a profile), or a value already read, e.g. a
   * list from a JSON file, which is taken as it is.
   */
  value: string | readonly string[];
  /** The name the user wrote, e.g. `--org-id` or `CLIENT_SECRETS`. @defaultValue the setting's name */
  field?: string | undefined;
}

/** Settings keyed by `ACS_*` name: texts, or values with the name they were given under. */
export type SettingValues = { [name in AcsSettingName]?: string | SettingValue | undefined };

/** Options of {@link credentialsFromSettings}. */
export interface CredentialsFromSettingsOptions {
  /** Where the settings were read, for messages. @defaultValue `environment` */
  source?: string | undefined;
  /**
   * Credentials read elsewhere (a Developer Console download) that the settings override: a
   * setting given replaces the value below it, and with it the whole group (a secret replaces a
   * list of secrets, a key file replaces a key text). Not modified.
   */
  base?: LoadedCredentials | undefined;
}

const ENVIRONMENTS = ['production', 'stage'];
const LIST_SEPARATORS = /[,\s]+/;

/** The loaded keys each setting fills (its group's other members are cleared when it is given). */
const LOADED_KEYS: { [name in AcsSettingName]?: readonly string[] } = {
  ACS_CLIENT_ID: ['oauth.clientId', 'jwt.clientId'],
  ACS_CLIENT_SECRET: ['oauth.clientSecrets', 'jwt.clientSecret'],
  ACS_CLIENT_SECRETS: ['oauth.clientSecrets', 'jwt.clientSecret'],
  ACS_ORG_ID: ['oauth.orgId', 'jwt.orgId'],
  ACS_SCOPES: ['oauth.scopes'],
  ACS_TECHNICAL_ACCOUNT_ID: ['oauth.technicalAccountId', 'jwt.technicalAccountId'],
  ACS_TECHNICAL_ACCOUNT_EMAIL: ['oauth.technicalAccountEmail', 'jwt.technicalAccountEmail'],
  ACS_PRIVATE_KEY: ['jwt.privateKey'],
  ACS_PRIVATE_KEY_FILE: ['jwt.privateKeyFile'],
  ACS_PRIVATE_KEY_PASSPHRASE: ['jwt.passphrase'],
  ACS_METASCOPES: ['jwt.metascopes'],
  ACS_IMS_URL: ['imsUrl'],
  ACS_BASE_URL: ['baseUrl'],
  ACS_TENANT: ['tenant'],
  ACS_ENVIRONMENT: ['environment'],
};

function copyOf(base: LoadedCredentials | undefined, source: string): LoadedCredentials {
  if (!base) return { source, format: 'environment', fieldNames: {}, issues: [], notes: [] };
  const copy: LoadedCredentials = {
    ...base,
    source,
    format: 'environment',
    fieldNames: { ...base.fieldNames },
    issues: [...base.issues],
    notes: [...base.notes],
  };
  if (base.oauth) copy.oauth = { ...base.oauth };
  if (base.jwt) copy.jwt = { ...base.jwt };
  return copy;
}

/** Drops what `base` held for `keys`: the values, and the issues and notes about them. */
function clear(loaded: LoadedCredentials, keys: readonly string[]): void {
  for (const key of keys) {
    const [section, name] = key.includes('.') ? key.split('.') : [undefined, key];
    const target = (section ? loaded[section as 'oauth' | 'jwt'] : loaded) as
      | Record<string, unknown>
      | undefined;
    if (target) delete target[name!];
  }
  loaded.issues = loaded.issues.filter((issue) => !keys.includes(issue.key));
  loaded.notes = loaded.notes.filter((note) => !keys.includes(note.key));
}

/**
 * Credentials from `ACS_*` settings, each value with the name it was given under. Texts are
 * trimmed and lists split (`a,b` or `["a","b"]`); values already read (lists from a JSON file)
 * are taken as they are. Nothing is validated, as with every loader: problems that keep a value
 * from being read (a broken JSON list, an unknown `ACS_ENVIRONMENT`) are recorded in `issues`.
 *
 * This is what {@link readCredentialsFromEnvironment} does with the environment; the `acs`
 * command line does it with the settings it merged from flags, the environment, `.env` and a
 * profile, over the Developer Console download it read.
 *
 * @param settings - the settings by name
 * @param options - where they were read, and what they override
 */
export function credentialsFromSettings(
  settings: SettingValues,
  options: CredentialsFromSettingsOptions = {},
): LoadedCredentials {
  const loaded = copyOf(options.base, options.source ?? 'environment');
  const given = (setting: AcsSetting): SettingValue | undefined => {
    const raw = settings[setting.name];
    const entry = typeof raw === 'string' ? { value: raw } : raw;
    if (entry === undefined) return undefined;
    const present = typeof entry.value === 'string' ? entry.value.trim() !== '' : entry.value.length > 0;
    return present ? entry : undefined;
  };
  const field = (setting: AcsSetting): string => given(setting)?.field ?? setting.name;

  // a setting given replaces its group below it: a secret a list of secrets, a key file a key text
  for (const setting of ACS_SETTINGS) {
    if (!given(setting)) continue;
    const members = setting.group ? ACS_SETTINGS.filter((other) => other.group === setting.group) : [setting];
    for (const member of members) clear(loaded, LOADED_KEYS[member.name] ?? []);
  }
  const oauth = oauthOf(loaded);
  const jwt = jwtOf(loaded);

  for (const setting of ACS_SETTINGS) {
    const keys = LOADED_KEYS[setting.name];
    if (!keys || setting.group === 'client-secret') continue;
    const entry = given(setting);
    if (entry === undefined) {
      for (const key of keys) loaded.fieldNames[key] ??= setting.name;
      continue;
    }
    for (const key of keys) loaded.fieldNames[key] = field(setting);
    if (setting.list) {
      const parsed = parseList(entry.value, LIST_SEPARATORS);
      if (!parsed) continue;
      if (!parsed.ok) loaded.issues.push({ key: keys[0]!, field: field(setting), problem: parsed.problem });
      else if (setting.name === 'ACS_SCOPES') oauth.scopes = parsed.value;
      else jwt.metascopes = parsed.value;
      continue;
    }
    const value = entry.value as string;
    // a key and a passphrase are taken as written: their spaces may matter
    const taken = setting.name === 'ACS_PRIVATE_KEY' || setting.secret ? value : text(value)!;
    for (const key of keys) {
      const [section, name] = key.includes('.') ? key.split('.') : [undefined, key];
      const target = (section === 'oauth' ? oauth : section === 'jwt' ? jwt : loaded) as Record<
        string,
        unknown
      >;
      target[name!] = taken;
    }
  }

  readSecrets(loaded, given, field);

  const environment = given(acsSetting('ACS_ENVIRONMENT')) ? loaded.environment : undefined;
  if (environment !== undefined && !ENVIRONMENTS.includes(environment))
    loaded.issues.push({
      key: 'environment',
      field: loaded.fieldNames['environment']!,
      problem: `is "${environment}", not one of: ${ENVIRONMENTS.join(', ')}`,
    });
  return loaded;
}

/**
 * `ACS_CLIENT_SECRETS` (a list) and `ACS_CLIENT_SECRET` (one) are both accepted: OAuth uses
 * every secret given, JWT needs exactly one.
 */
function readSecrets(
  loaded: LoadedCredentials,
  given: (setting: AcsSetting) => SettingValue | undefined,
  field: (setting: AcsSetting) => string,
): void {
  const singleSetting = acsSetting('ACS_CLIENT_SECRET');
  const listSetting = acsSetting('ACS_CLIENT_SECRETS');
  const singleEntry = given(singleSetting);
  const listEntry = given(listSetting);
  if (!singleEntry && !listEntry) {
    loaded.fieldNames['oauth.clientSecrets'] ??= singleSetting.name;
    loaded.fieldNames['jwt.clientSecret'] ??= singleSetting.name;
    return;
  }
  const oauth = oauthOf(loaded);
  const jwt = jwtOf(loaded);
  const single = typeof singleEntry?.value === 'string' ? text(singleEntry.value) : undefined;
  const list = listEntry ? parseList(listEntry.value) : undefined;
  const listField = field(listSetting);
  const singleField = field(singleSetting);
  if (list !== undefined && !list.ok) {
    loaded.issues.push({ key: 'oauth.clientSecrets', field: listField, problem: list.problem });
    loaded.issues.push({ key: 'jwt.clientSecret', field: listField, problem: list.problem });
  }
  const many = list?.ok ? list.value : [];
  loaded.fieldNames['oauth.clientSecrets'] = many.length > 0 ? listField : singleField;
  loaded.fieldNames['jwt.clientSecret'] = single !== undefined ? singleField : listField;
  if (single === undefined && many.length === 0) return;
  const secrets = [...many];
  if (single !== undefined && !secrets.includes(single)) secrets.unshift(single);
  oauth.clientSecrets = secrets;

  if (single !== undefined) jwt.clientSecret = single;
  else if (many.length === 1) {
    jwt.clientSecret = many[0]!;
    loaded.notes.push({
      key: 'jwt.clientSecret',
      field: listField,
      problem: `is a list: a JWT credential has one secret (${singleSetting.name}); its only entry is used`,
    });
  } else
    loaded.issues.push({
      key: 'jwt.clientSecret',
      field: listField,
      problem: `holds ${many.length} secrets, but a JWT credential has exactly one (${singleSetting.name})`,
    });
}

/**
 * Reads the SDK's `ACS_*` environment variables (the same set for every package and the CLI;
 * see `ACS_SETTINGS` for the list and what each means): the Campaign instance (`ACS_TENANT`,
 * `ACS_ENVIRONMENT`), the credential (`ACS_CLIENT_ID`, `ACS_CLIENT_SECRET` or
 * `ACS_CLIENT_SECRETS`, `ACS_ORG_ID`, `ACS_SCOPES` for OAuth Server-to-Server; the technical
 * account, private key and metascopes for the legacy JWT), the IMS and gateway origins, and
 * `ACS_CREDENTIALS_FILE`, a Developer Console download that the other variables override.
 *
 * Nothing is validated here: pass the result to a strategy's `fromCredentials`, or to
 * {@link requireOAuthCredentials}.
 *
 * @param env - the variables; `process.env` by default
 * @throws {@link ConfigurationError} only when `ACS_CREDENTIALS_FILE` cannot be read or parsed.
 */
export function readCredentialsFromEnvironment(
  env: EnvironmentVariables = (globalThis as { process?: { env?: EnvironmentVariables } }).process?.env ?? {},
): LoadedCredentials {
  const file = text(env['ACS_CREDENTIALS_FILE']);
  const settings: SettingValues = {};
  for (const setting of ACS_SETTINGS) {
    const value = env[setting.name];
    if (setting.name !== 'ACS_CREDENTIALS_FILE' && typeof value === 'string') settings[setting.name] = value;
  }
  if (!file) return credentialsFromSettings(settings);
  const base = readConsoleCredentials(file, { field: 'ACS_CREDENTIALS_FILE', origin: 'environment' });
  return credentialsFromSettings(settings, { base, source: `environment and ${file}` });
}

/**
 * The `ACS_*` settings that loaded credentials hold, each with the name it was read under (e.g.
 * `CLIENT_SECRETS` of a Developer Console download): what {@link credentialsFromSettings} would
 * take to give them back. Lists stay lists. Where a download holds both kinds of credential, the
 * OAuth Server-to-Server values win for the settings both share; one secret is
 * `ACS_CLIENT_SECRET`, several `ACS_CLIENT_SECRETS`.
 */
export function credentialSettings(loaded: LoadedCredentials): { [name in AcsSettingName]?: SettingValue } {
  const out: { [name in AcsSettingName]?: SettingValue } = {};
  const take = (name: AcsSettingName, keys: readonly string[], value: unknown): void => {
    if (typeof value !== 'string' && !Array.isArray(value)) return;
    if (value.length === 0 || out[name] !== undefined) return;
    const key = keys.find((candidate) => loaded.fieldNames[candidate] !== undefined);
    out[name] = { value: value as string | readonly string[], field: key ? loaded.fieldNames[key] : name };
  };
  const oauth = loaded.oauth ?? {};
  const jwt = loaded.jwt ?? {};
  for (const setting of ACS_SETTINGS) {
    const keys = LOADED_KEYS[setting.name];
    if (!keys || setting.group === 'client-secret') continue;
    for (const key of keys) {
      const [section, name] = key.includes('.') ? key.split('.') : [undefined, key];
      const from = (section === 'oauth' ? oauth : section === 'jwt' ? jwt : loaded) as Record<
        string,
        unknown
      >;
      take(setting.name, [key], from[name!]);
    }
  }
  const secrets = oauth.clientSecrets ?? (jwt.clientSecret === undefined ? undefined : [jwt.clientSecret]);
  const secretField = oauth.clientSecrets ? 'oauth.clientSecrets' : 'jwt.clientSecret';
  if (secrets && secrets.length === 1) take('ACS_CLIENT_SECRET', [secretField], secrets[0]);
  else if (secrets) take('ACS_CLIENT_SECRETS', [secretField], secrets);
  return out;
}
