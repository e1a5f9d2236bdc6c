/**
 * The one list of the SDK's `ACS_*` settings. The environment reader, the `acs` command line's
 * configuration keys, the emulator's environment, the `.env` writers and the settings table of
 * the documentation are all made from it.
 */

/** The name of one of the SDK's `ACS_*` settings. */
export type AcsSettingName =
  | 'ACS_TENANT'
  | 'ACS_ENVIRONMENT'
  | 'ACS_CLIENT_ID'
  | 'ACS_CLIENT_SECRET'
  | 'ACS_CLIENT_SECRETS'
  | 'ACS_ORG_ID'
  | 'ACS_SCOPES'
  | 'ACS_TECHNICAL_ACCOUNT_ID'
  | 'ACS_TECHNICAL_ACCOUNT_EMAIL'
  | 'ACS_PRIVATE_KEY'
  | 'ACS_PRIVATE_KEY_FILE'
  | 'ACS_PRIVATE_KEY_PASSPHRASE'
  | 'ACS_METASCOPES'
  | 'ACS_IMS_URL'
  | 'ACS_BASE_URL'
  | 'ACS_CREDENTIALS_FILE';

/**
 * The option a setting stands for, as named in code (`createOAuthServerToServerAuth`,
 * `createJwtAuth`, `createCampaignClient`) and in {@link AcsSettingValues}.
 */
export type AcsSettingOption =
  | 'tenant'
  | 'environment'
  | 'clientId'
  | 'clientSecret'
  | 'clientSecrets'
  | 'orgId'
  | 'scopes'
  | 'technicalAccountId'
  | 'technicalAccountEmail'
  | 'privateKey'
  | 'privateKeyFile'
  | 'passphrase'
  | 'metascopes'
  | 'imsUrl'
  | 'baseUrl'
  | 'credentialsFile';

/** One `ACS_*` setting: its name, what it means, whether it is secret, and who reads it. */
export interface AcsSetting {
  /** The environment variable, e.g. `ACS_CLIENT_ID`. */
  readonly name: AcsSettingName;
  /** The option it stands for, e.g. `clientId`. */
  readonly option: AcsSettingOption;
  /** What the value is, in one line. */
  readonly meaning: string;
  /** True for values that must never be printed (and are registered for redaction when read). */
  readonly secret: boolean;
  /**
   * Which authentication reads it: `oauth` (OAuth Server-to-Server), `jwt` (the legacy Service
   * Account), or `any` for the settings every program uses (instance, client id, IMS and gateway).
   */
  readonly strategy: 'any' | 'oauth' | 'jwt';
  /** A list: written as `a,b` or `["a","b"]`. */
  readonly list: boolean;
  /**
   * Settings with the same group replace each other (one secret or a list of them; the key text
   * or its file): a place that sets one of them sets the whole group.
   */
  readonly group?: 'client-secret' | 'private-key' | undefined;
}

/** Every `ACS_*` setting, in the order people read them (instance, credential, origins). */
export const ACS_SETTINGS: readonly AcsSetting[] = Object.freeze(
  (
    [
      {
        name: 'ACS_TENANT',
        option: 'tenant',
        meaning: 'the tenant id, the <ORGANIZATION> of https://mc.adobe.io/<ORGANIZATION>/campaign',
        secret: false,
        strategy: 'any',
        list: false,
      },
      {
        name: 'ACS_ENVIRONMENT',
        option: 'environment',
        meaning: 'production (default) or stage (the <tenant>-mkt-stage instance)',
        secret: false,
        strategy: 'any',
        list: false,
      },
      {
        name: 'ACS_CLIENT_ID',
        option: 'clientId',
        meaning: 'the Developer Console client id (API key), also sent as X-Api-Key',
        secret: false,
        strategy: 'any',
        list: false,
      },
      {
        name: 'ACS_CLIENT_SECRET',
        option: 'clientSecret',
        meaning: 'the client secret',
        secret: true,
        strategy: 'any',
        list: false,
        group: 'client-secret',
      },
      {
        name: 'ACS_CLIENT_SECRETS',
        option: 'clientSecrets',
        meaning: 'several client secrets, tried in order: at most two, during a rotation',
        secret: true,
        strategy: 'oauth',
        list: true,
        group: 'client-secret',
      },
      {
        name: 'ACS_ORG_ID',
        option: 'orgId',
        meaning: 'the IMS organization id, …@AdobeOrg',
        secret: false,
        strategy: 'any',
        list: false,
      },
      {
        name: 'ACS_SCOPES',
        option: 'scopes',
        meaning: "the scopes on the credential's Scopes tab",
        secret: false,
        strategy: 'oauth',
        list: true,
      },
      {
        name: 'ACS_TECHNICAL_ACCOUNT_ID',
        option: 'technicalAccountId',
        meaning: 'the technical account id, …@techacct.adobe.com (informational for OAuth)',
        secret: false,
        strategy: 'jwt',
        list: false,
      },
      {
        name: 'ACS_TECHNICAL_ACCOUNT_EMAIL',
        option: 'technicalAccountEmail',
        meaning: "the technical account's e-mail (informational)",
        secret: false,
        strategy: 'any',
        list: false,
      },
      {
        name: 'ACS_PRIVATE_KEY',
        option: 'privateKey',
        meaning: 'the PEM private key (\\n escapes are repaired)',
        secret: true,
        strategy: 'jwt',
        list: false,
        group: 'private-key',
      },
      {
        name: 'ACS_PRIVATE_KEY_FILE',
        option: 'privateKeyFile',
        meaning: 'the path of the PEM private key',
        secret: false,
        strategy: 'jwt',
        list: false,
        group: 'private-key',
      },
      {
        name: 'ACS_PRIVATE_KEY_PASSPHRASE',
        option: 'passphrase',
        meaning: 'the passphrase of an encrypted private key',
        secret: true,
        strategy: 'jwt',
        list: false,
      },
      {
        name: 'ACS_METASCOPES',
        option: 'metascopes',
        meaning: 'the metascopes, e.g. ent_campaign_sdk',
        secret: false,
        strategy: 'jwt',
        list: true,
      },
      {
        name: 'ACS_IMS_URL',
        option: 'imsUrl',
        meaning: 'the IMS origin (default https://ims-na1.adobelogin.com)',
        secret: false,
        strategy: 'any',
        list: false,
      },
      {
        name: 'ACS_BASE_URL',
        option: 'baseUrl',
        meaning: 'the API gateway origin (default https://mc.adobe.io)',
        secret: false,
        strategy: 'any',
        list: false,
      },
      {
        name: 'ACS_CREDENTIALS_FILE',
        option: 'credentialsFile',
        meaning: 'a Developer Console JSON download; the settings above override it',
        secret: false,
        strategy: 'any',
        list: false,
      },
    ] satisfies AcsSetting[]
  ).map((setting) => Object.freeze(setting)),
);

const BY_NAME = new Map<string, AcsSetting>(ACS_SETTINGS.map((setting) => [setting.name, setting]));

/** The setting with this `ACS_*` name, or `undefined`. */
export function findAcsSetting(name: string): AcsSetting | undefined {
  return BY_NAME.get(name);
}

/** The setting with this name; for names typed as {@link AcsSettingName}. */
export function acsSetting(name: AcsSettingName): AcsSetting {
  return BY_NAME.get(name)!;
}

const STRATEGY_LABELS: Record<AcsSetting['strategy'], string> = {
  any: 'all',
  oauth: 'OAuth Server-to-Server',
  jwt: 'JWT (legacy)',
};

/** Text for a Markdown table cell: `<tag>` shown as written, `|` not ending the cell. */
function markdownText(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
}

/**
 * The settings as a Markdown table (variable, meaning, secret, used by), as the documentation
 * shows it; a test keeps the documentation equal to it.
 */
export function acsSettingsTable(): string {
  const rows = ACS_SETTINGS.map(
    (setting) =>
      `| \`${setting.name}\` | ${markdownText(setting.meaning)}${setting.list ? ' (a comma or JSON list)' : ''} | ${setting.secret ? 'yes' : 'no'} | ${STRATEGY_LABELS[setting.strategy]} |`,
  );
  return ['| variable | meaning | secret | used by |', '|---|---|---|---|', ...rows].join('\n');
}
