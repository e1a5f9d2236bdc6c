import {
  type CheckedCredentialFields,
  type ConfigurationError,
  type ConfigurationIssue,
  type CredentialRules,
  type CredentialsCheck,
  checkCredentials,
  configurationErrorFor,
  type JwtCredentials,
  type JwtCredentialsInput,
  type LoadedCredentials,
} from '@campaign-standard/core';
import { normalizePem } from './pem.js';
import type { PrivateKeyInput } from './private-key.js';

/**
 * JWT credentials as {@link checkJwtCredentials} returns them: core's `JwtCredentials`, the PEM
 * repaired, with a key given in code as bytes or a `KeyObject` kept as given.
 */
export interface CheckedJwtCredentials extends Omit<JwtCredentials, 'privateKey'> {
  /** The PEM private key (line breaks repaired), or the key as given in code. */
  privateKey?: PrivateKeyInput;
  /** The IMS origin, without a trailing slash. */
  imsUrl: string;
}

/** What to do with OAuth Server-to-Server settings given to this strategy. */
const OAUTH_SETTINGS_ADVICE =
  'These settings are for OAuth Server-to-Server: use createOAuthServerToServerAuth (or fromEnvironment, ' +
  'fromConsoleCredentials, fromCredentials) from @campaign-standard/auth-oauth, not the JWT strategy.';

const JWT_CREDENTIAL_RULES: CredentialRules<CheckedJwtCredentials> = {
  kind: 'jwt',
  technicalAccountRequired: true,
  check(context) {
    const jwt = context.section as Partial<JwtCredentials> & { privateKey?: unknown };
    if (jwt.clientSecret === undefined) context.missing('clientSecret');
    const hasKey = jwt.privateKey !== undefined || jwt.privateKeyFile !== undefined;
    if (!hasKey && jwt.metascopes === undefined && context.other['scopes'] !== undefined) {
      context.pointToOtherKind();
      context.add(
        'privateKey',
        `is missing, and ${context.name('oauth.scopes')} belongs to an OAuth Server-to-Server configuration`,
      );
      context.add('metascopes', 'is missing too');
    }
    if (jwt.metascopes === undefined) context.missing('metascopes', ': for Campaign, ent_campaign_sdk');
    else if (jwt.metascopes.length === 0)
      context.add('metascopes', 'is empty: for Campaign, give ent_campaign_sdk');

    const keyFile = context.name('privateKeyFile');
    let privateKey = jwt.privateKey as PrivateKeyInput | undefined;
    if (!hasKey) {
      const consoleDownload = context.loaded.format === 'workspace' || context.loaded.format === 'credential';
      if (consoleDownload)
        context.add(
          'privateKey',
          'is missing: a Developer Console download never contains the private key; pass privateKey or privateKeyFile',
        );
      else context.missing('privateKey', `: give the key text, or its path in ${keyFile}`);
    } else if (jwt.privateKey !== undefined && jwt.privateKeyFile !== undefined) {
      context.add('privateKey', `and ${keyFile} are both set: give only one`);
    } else if (typeof jwt.privateKey === 'string') {
      const normalized = normalizePem(jwt.privateKey);
      privateKey = normalized.pem;
      if (normalized.truncated)
        context.add(
          'privateKey',
          'holds only the first line of a PEM key: the rest was lost, typically by an unquoted multi-line value in a .env file. ' +
            'Quote the value, write the line breaks as \\n, or use a key file instead',
        );
      else if (!normalized.pem.includes('-----BEGIN '))
        context.add(
          'privateKey',
          `is not a PEM key (no "-----BEGIN" line): give the key text, or its path in ${keyFile}`,
        );
    }
    const own: Omit<CheckedJwtCredentials, keyof CheckedCredentialFields> = {
      clientSecret: jwt.clientSecret ?? '',
      metascopes: [...(jwt.metascopes ?? [])],
    };
    if (privateKey !== undefined) own.privateKey = privateKey;
    if (jwt.privateKeyFile !== undefined) own.privateKeyFile = jwt.privateKeyFile;
    if (jwt.passphrase !== undefined) own.passphrase = jwt.passphrase;
    return own;
  },
};

/**
 * Checks legacy JWT (Service Account) credentials and returns every problem at once, without
 * throwing and without side effects (nothing is registered, no file is read). The result is what
 * {@link fromCredentials} takes without checking again (given its own result back, this function
 * returns it as it is).
 *
 * Checks: client id, secret, org id, technical account, metascopes and a private key (text or
 * file, not both) present; id suffixes; a PEM key repaired from what `.env` files do to it, and
 * not cut to its first line; the IMS URL. OAuth Server-to-Server settings given here are
 * reported as such (`otherKind: 'oauth'`).
 *
 * @param input - credentials from a core loader, or options as passed in code
 * @param source - where options came from, for messages (default `options`)
 */
export function checkJwtCredentials(
  input: LoadedCredentials | JwtCredentialsInput | CredentialsCheck<CheckedJwtCredentials>,
  source = 'options',
): CredentialsCheck<CheckedJwtCredentials> {
  return checkCredentials(input, JWT_CREDENTIAL_RULES, source);
}

/**
 * The configuration error for a failed JWT check, with what to do about settings of the other kind.
 *
 * @internal
 */
export function jwtConfigurationError(
  check: CredentialsCheck<CheckedJwtCredentials>,
  extraIssues: readonly ConfigurationIssue[] = [],
): ConfigurationError {
  return configurationErrorFor(check, {
    extraIssues,
    advice: check.otherKind === 'oauth' ? OAUTH_SETTINGS_ADVICE : undefined,
  });
}

/**
 * Validates legacy JWT (Service Account) credentials and returns them complete and normalized
 * (PEM line breaks repaired, IMS URL defaulted). See {@link checkJwtCredentials} for the checks;
 * the key itself is imported when the strategy is built.
 *
 * @param input - credentials from a core loader, or options as passed in code
 * @param source - where options came from, for messages (default `options`)
 * @throws {@link @campaign-standard/core!ConfigurationError | ConfigurationError} listing every problem at once.
 */
export function requireJwtCredentials(
  input: LoadedCredentials | JwtCredentialsInput,
  source?: string,
): CheckedJwtCredentials {
  const check = checkJwtCredentials(input, source);
  if (check.credentials) return check.credentials;
  throw jwtConfigurationError(check);
}
