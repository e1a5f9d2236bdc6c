import { jwtOf, oauthOf } from './console-fields.js';
import { readConsoleCredentials } from './credentials-console.js';
import { parseList, text } from './credentials-parse.js';
import type { JwtCredentials, LoadedCredentials, OAuthCredentials } from './credentials-types.js';

/** An environment: `process.env` or any map of variable names to values. */
export type EnvironmentVariables = Record<string, string | undefined>;

const ENVIRONMENTS = ['production', 'stage'];

/**
 * Reads the SDK's `ACS_*` environment variables (the same set for every package and the CLI):
 *
 * | variable | meaning |
 * |---|---|
 * | `ACS_TENANT`, `ACS_ENVIRONMENT` | the Campaign instance (`production` or `stage`) |
 * | `ACS_CLIENT_ID`, `ACS_ORG_ID`, `ACS_TECHNICAL_ACCOUNT_ID` | the credential |
 * | `ACS_CLIENT_SECRET` or `ACS_CLIENT_SECRETS` | one secret, or a comma or JSON list of up to two |
 * | `ACS_SCOPES` | OAuth Server-to-Server scopes, a comma or JSON list |
 * | `ACS_PRIVATE_KEY` or `ACS_PRIVATE_KEY_FILE`, `ACS_PRIVATE_KEY_PASSPHRASE`, `ACS_METASCOPES` | legacy JWT |
 * | `ACS_IMS_URL`, `ACS_BASE_URL` | IMS and gateway origins (defaults `https://ims-na1.adobelogin.com`, `https://mc.adobe.io`) |
 * | `ACS_CREDENTIALS_FILE` | a Developer Console JSON download; the variables above override it |
 *
 * PEM keys that went through a `.env` file with `\n` escapes are repaired when validated; a PEM
 * cut to its first line is reported by {@link requireJwtCredentials}.
 *
 * @param env - the variables; `process.env` by default
 * @throws {@link ConfigurationError} only when `ACS_CREDENTIALS_FILE` cannot be read or parsed.
 */
export function readCredentialsFromEnvironment(
  env: EnvironmentVariables = (globalThis as { process?: { env?: EnvironmentVariables } }).process?.env ?? {},
): LoadedCredentials {
  const file = text(env['ACS_CREDENTIALS_FILE']);
  const loaded: LoadedCredentials = file
    ? readConsoleCredentials(file, { field: 'ACS_CREDENTIALS_FILE', origin: 'environment' })
    : { source: 'environment', format: 'environment', fieldNames: {}, issues: [], notes: [] };
  if (file) loaded.source = `environment and ${file}`;
  loaded.format = 'environment';
  const oauth = oauthOf(loaded);
  const jwt = jwtOf(loaded);

  /** Sets `names[i]` from `variable` when it is set; otherwise names it only if nothing else did. */
  const use = (variable: string, keys: string[]): string | undefined => {
    const value = text(env[variable]);
    for (const key of keys)
      if (value !== undefined || loaded.fieldNames[key] === undefined) loaded.fieldNames[key] = variable;
    return value;
  };

  const common = ['clientId', 'orgId', 'technicalAccountId', 'technicalAccountEmail'] as const;
  const variables = [
    'ACS_CLIENT_ID',
    'ACS_ORG_ID',
    'ACS_TECHNICAL_ACCOUNT_ID',
    'ACS_TECHNICAL_ACCOUNT_EMAIL',
  ];
  common.forEach((name, index) => {
    const value = use(variables[index]!, [`oauth.${name}`, `jwt.${name}`]);
    if (value !== undefined) {
      oauth[name] = value;
      jwt[name] = value;
    }
  });

  readSecrets(env, loaded, oauth, jwt);

  for (const [variable, key, separators] of [
    ['ACS_SCOPES', 'oauth.scopes', /[,\s]+/],
    ['ACS_METASCOPES', 'jwt.metascopes', /[,\s]+/],
  ] as const) {
    const parsed = parseList(env[variable], separators);
    if (parsed !== undefined || loaded.fieldNames[key] === undefined) loaded.fieldNames[key] = variable;
    if (parsed === undefined) continue;
    if (!parsed.ok) loaded.issues.push({ key, field: variable, problem: parsed.problem });
    else if (key === 'oauth.scopes') oauth.scopes = parsed.value;
    else jwt.metascopes = parsed.value;
  }

  const privateKey = env['ACS_PRIVATE_KEY'];
  if (typeof privateKey === 'string' && privateKey.trim() !== '') {
    jwt.privateKey = privateKey;
    loaded.fieldNames['jwt.privateKey'] = 'ACS_PRIVATE_KEY';
  } else loaded.fieldNames['jwt.privateKey'] ??= 'ACS_PRIVATE_KEY';
  const keyFile = use('ACS_PRIVATE_KEY_FILE', ['jwt.privateKeyFile']);
  if (keyFile !== undefined) jwt.privateKeyFile = keyFile;
  const passphrase = env['ACS_PRIVATE_KEY_PASSPHRASE'];
  if (typeof passphrase === 'string' && passphrase !== '') jwt.passphrase = passphrase;
  loaded.fieldNames['jwt.passphrase'] = 'ACS_PRIVATE_KEY_PASSPHRASE';

  const imsUrl = use('ACS_IMS_URL', ['imsUrl']);
  if (imsUrl !== undefined) loaded.imsUrl = imsUrl;
  const baseUrl = use('ACS_BASE_URL', ['baseUrl']);
  if (baseUrl !== undefined) loaded.baseUrl = baseUrl;
  const tenant = use('ACS_TENANT', ['tenant']);
  if (tenant !== undefined) loaded.tenant = tenant;
  const environment = use('ACS_ENVIRONMENT', ['environment']);
  if (environment !== undefined) {
    loaded.environment = environment;
    if (!ENVIRONMENTS.includes(environment))
      loaded.issues.push({
        key: 'environment',
        field: 'ACS_ENVIRONMENT',
        problem: `is "${environment}", not one of: ${ENVIRONMENTS.join(', ')}`,
      });
  }
  return loaded;
}

/**
 * `ACS_CLIENT_SECRETS` (a list) and `ACS_CLIENT_SECRET` (one) are both accepted: OAuth uses
 * every secret given, JWT needs exactly one.
 */
function readSecrets(
  env: EnvironmentVariables,
  loaded: LoadedCredentials,
  oauth: Partial<OAuthCredentials>,
  jwt: Partial<JwtCredentials>,
): void {
  const single = text(env['ACS_CLIENT_SECRET']);
  const list = parseList(env['ACS_CLIENT_SECRETS']);
  if (list !== undefined && !list.ok) {
    loaded.issues.push({ key: 'oauth.clientSecrets', field: 'ACS_CLIENT_SECRETS', problem: list.problem });
    loaded.issues.push({ key: 'jwt.clientSecret', field: 'ACS_CLIENT_SECRETS', problem: list.problem });
  }
  const many = list?.ok ? list.value : [];
  if (single === undefined && many.length === 0) {
    loaded.fieldNames['oauth.clientSecrets'] ??= 'ACS_CLIENT_SECRET';
    loaded.fieldNames['jwt.clientSecret'] ??= 'ACS_CLIENT_SECRET';
    return;
  }
  const secrets = [...many];
  if (single !== undefined && !secrets.includes(single)) secrets.unshift(single);
  oauth.clientSecrets = secrets;
  loaded.fieldNames['oauth.clientSecrets'] = many.length > 0 ? 'ACS_CLIENT_SECRETS' : 'ACS_CLIENT_SECRET';

  if (single !== undefined) {
    jwt.clientSecret = single;
    loaded.fieldNames['jwt.clientSecret'] = 'ACS_CLIENT_SECRET';
  } else if (many.length === 1) {
    jwt.clientSecret = many[0]!;
    loaded.fieldNames['jwt.clientSecret'] = 'ACS_CLIENT_SECRETS';
    loaded.notes.push({
      key: 'jwt.clientSecret',
      field: 'ACS_CLIENT_SECRETS',
      problem: 'is a list: a JWT credential has one secret (ACS_CLIENT_SECRET); its only entry is used',
    });
  } else {
    delete jwt.clientSecret;
    loaded.fieldNames['jwt.clientSecret'] = 'ACS_CLIENT_SECRETS';
    loaded.issues.push({
      key: 'jwt.clientSecret',
      field: 'ACS_CLIENT_SECRETS',
      problem: `holds ${many.length} secrets, but a JWT credential has exactly one (ACS_CLIENT_SECRET)`,
    });
  }
}
