import { ACS_SETTINGS, type AcsSettingOption } from './settings.js';

/**
 * Values to write as `ACS_*` settings, named like the options in code. Lists may be given as
 * lists; `clientSecret` and `clientSecrets` are alternatives (one secret, or up to two).
 */
export type AcsSettingValues = { [option in AcsSettingOption]?: string | readonly string[] | undefined };

/** A list as one setting value: `a,b`, or a JSON list when an item would not survive a comma. */
function listText(items: readonly string[]): string {
  return items.some((item) => /[,"[\]]|^\s|\s$/.test(item)) ? JSON.stringify(items) : items.join(',');
}

/**
 * The `ACS_*` environment for some values, keyed by setting name in the order of
 * {@link ACS_SETTINGS}. Empty values are left out; lists become `a,b` (or a JSON list); one
 * secret is written as `ACS_CLIENT_SECRET`, several as `ACS_CLIENT_SECRETS`. What
 * `readCredentialsFromEnvironment` reads back is what was given.
 *
 * @example
 * ```ts
 * acsEnvironment({ clientId: 'abc', clientSecrets: ['p8e-…'], scopes: ['openid', 'AdobeID'] });
 * // { ACS_CLIENT_ID: 'abc', ACS_CLIENT_SECRET: 'p8e-…', ACS_SCOPES: 'openid,AdobeID' }
 * ```
 */
export function acsEnvironment(values: AcsSettingValues): Record<string, string> {
  const given: AcsSettingValues = { ...values };
  const secrets = given.clientSecrets;
  if (Array.isArray(secrets) && secrets.length === 1 && given.clientSecret === undefined) {
    given.clientSecret = secrets[0];
    given.clientSecrets = undefined;
  }
  const env: Record<string, string> = {};
  for (const setting of ACS_SETTINGS) {
    const value = given[setting.option];
    const text = Array.isArray(value) ? listText(value) : (value as string | undefined);
    if (text !== undefined && text !== '') env[setting.name] = text;
  }
  return env;
}

/** A value as `.env` parsers (dotenv, Node's `--env-file`) read it back unchanged. */
function envFileValue(value: string): string {
  if (/^[^\s#'"`\\$]*$/.test(value)) return value;
  if (!/[\r\n']/.test(value)) return `'${value}'`;
  if (!/[\r\n`]/.test(value)) return `\`${value}\``;
  return `"${value.replace(/\r\n?|\n/g, '\\n')}"`;
}

/**
 * The text of a `.env` file holding `env` (e.g. from {@link acsEnvironment}), after the given
 * comment lines. Values are quoted only where a `.env` parser would change them otherwise
 * (spaces, `#`, quotes, line breaks); a multi-line PEM key is written on one line with `\n`.
 */
export function formatEnvFile(env: Record<string, string>, comments: readonly string[] = []): string {
  const lines = comments.map((comment) => `# ${comment}`);
  for (const [name, value] of Object.entries(env)) lines.push(`${name}=${envFileValue(value)}`);
  return `${lines.join('\n')}\n`;
}
