/** One setting of `acs`: its name in the config file and on the command line, and its variable. */
export interface SettingKey {
  /** Name in `acs config set <name>` and, for non-secrets, the `--<name>` flag. */
  name: string;
  /** The `ACS_*` environment variable. */
  env: string;
  /** True for values that must never be printed. */
  secret: boolean;
  /** One line for `acs config --help`. */
  description: string;
}

/** Every setting, in the order `acs doctor` shows them. */
export const SETTING_KEYS: readonly SettingKey[] = [
  {
    name: 'tenant',
    env: 'ACS_TENANT',
    secret: false,
    description: 'tenant id, the <ORGANIZATION> of the API URL',
  },
  {
    name: 'environment',
    env: 'ACS_ENVIRONMENT',
    secret: false,
    description: 'production (default) or stage',
  },
  {
    name: 'client-id',
    env: 'ACS_CLIENT_ID',
    secret: false,
    description: 'Developer Console client id (API key)',
  },
  { name: 'client-secret', env: 'ACS_CLIENT_SECRET', secret: true, description: 'client secret' },
  {
    name: 'client-secrets',
    env: 'ACS_CLIENT_SECRETS',
    secret: true,
    description: 'several client secrets (comma or JSON list), tried in order',
  },
  { name: 'org-id', env: 'ACS_ORG_ID', secret: false, description: 'IMS organization id, …@AdobeOrg' },
  { name: 'scopes', env: 'ACS_SCOPES', secret: false, description: 'OAuth scopes, comma separated' },
  {
    name: 'technical-account-id',
    env: 'ACS_TECHNICAL_ACCOUNT_ID',
    secret: false,
    description: 'technical account id, …@techacct.adobe.com (JWT)',
  },
  {
    name: 'technical-account-email',
    env: 'ACS_TECHNICAL_ACCOUNT_EMAIL',
    secret: false,
    description: 'technical account e-mail',
  },
  { name: 'private-key', env: 'ACS_PRIVATE_KEY', secret: true, description: 'PEM private key (JWT)' },
  {
    name: 'private-key-file',
    env: 'ACS_PRIVATE_KEY_FILE',
    secret: false,
    description: 'path of the PEM private key (JWT)',
  },
  {
    name: 'private-key-passphrase',
    env: 'ACS_PRIVATE_KEY_PASSPHRASE',
    secret: true,
    description: 'passphrase of an encrypted private key (JWT)',
  },
  {
    name: 'metascopes',
    env: 'ACS_METASCOPES',
    secret: false,
    description: 'JWT metascopes, comma separated',
  },
  {
    name: 'ims-url',
    env: 'ACS_IMS_URL',
    secret: false,
    description: 'IMS host (default https://ims-na1.adobelogin.com)',
  },
  {
    name: 'base-url',
    env: 'ACS_BASE_URL',
    secret: false,
    description: 'API gateway (default https://mc.adobe.io)',
  },
  {
    name: 'credentials-file',
    env: 'ACS_CREDENTIALS_FILE',
    secret: false,
    description: 'path of a Developer Console credentials JSON',
  },
];

/** Settings that replace each other: the highest layer that sets one of them wins for the group. */
export const ALTERNATIVES: readonly (readonly string[])[] = [
  ['ACS_CLIENT_SECRET', 'ACS_CLIENT_SECRETS'],
  ['ACS_PRIVATE_KEY', 'ACS_PRIVATE_KEY_FILE'],
];

/** The setting with this config name or `ACS_*` variable. */
export function findSettingKey(nameOrEnv: string): SettingKey | undefined {
  const wanted = nameOrEnv.trim();
  return SETTING_KEYS.find((key) => key.name === wanted.toLowerCase() || key.env === wanted.toUpperCase());
}
