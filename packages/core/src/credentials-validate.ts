import {
  type CredentialCheckContext,
  type CredentialRules,
  type CredentialsCheck,
  checkCredentials,
  configurationErrorFor,
} from './credentials-check.js';
import type { LoadedCredentials, OAuthCredentials } from './credentials-types.js';

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
  /** The private key: PEM text, or any value the JWT strategy accepts (a `Buffer`, a `KeyObject`). */
  privateKey?: unknown;
  /** A path to the PEM private key. */
  privateKeyFile?: string;
  /** The passphrase of an encrypted key. */
  passphrase?: string;
  /** The IMS origin. */
  imsUrl?: string;
}

const MAX_SECRETS = 2;
const SCOPES_TAB = 'the Scopes tab of the credential in the Developer Console';

/** The names of the JWT values present in the settings, to say what they look like. */
function jwtValues(context: CredentialCheckContext): string[] {
  return ['privateKey', 'privateKeyFile', 'metascopes']
    .filter((key) => context.other[key] !== undefined)
    .map((key) => context.name(`jwt.${key}`));
}

/** The OAuth Server-to-Server checks, on top of the shared ones. */
const OAUTH_CREDENTIAL_RULES: CredentialRules<OAuthCredentials> = {
  kind: 'oauth',
  technicalAccountRequired: false,
  check(context) {
    const { clientSecrets, scopes } = context.section as Partial<OAuthCredentials>;
    if (clientSecrets === undefined || clientSecrets.length === 0)
      context.missing(
        'clientSecrets',
        context.loaded.format === 'environment' ? ': set it, or ACS_CLIENT_SECRETS for a list' : '',
      );
    else if (clientSecrets.length > MAX_SECRETS)
      context.add(
        'clientSecrets',
        `holds ${clientSecrets.length} secrets: a credential has at most ${MAX_SECRETS} (the current one and the one being rotated in)`,
      );
    const jwt = jwtValues(context);
    if (scopes === undefined) {
      if (jwt.length > 0) {
        context.pointToOtherKind();
        context.add(
          'scopes',
          `is missing, and ${jwt.join(' and ')} belong${jwt.length === 1 ? 's' : ''} to a JWT (Service Account) configuration`,
        );
      } else context.missing('scopes', `: copy them from ${SCOPES_TAB}`);
    } else if (scopes.length === 0) context.add('scopes', `is empty: copy the scopes from ${SCOPES_TAB}`);
    return { clientSecrets: [...(clientSecrets ?? [])], scopes: [...(scopes ?? [])] };
  },
};

/**
 * Checks OAuth Server-to-Server credentials and returns every problem at once, without throwing
 * and without side effects. See {@link requireOAuthCredentials} for the checks. Given its own
 * result back, it returns it as it is.
 */
export function checkOAuthCredentials(
  input: LoadedCredentials | OAuthCredentialsInput | CredentialsCheck<OAuthCredentials>,
  source = 'options',
): CredentialsCheck<OAuthCredentials> {
  return checkCredentials(input, OAUTH_CREDENTIAL_RULES, source);
}

/**
 * Validates OAuth Server-to-Server credentials, read by {@link readCredentialsFromEnvironment} or
 * {@link readConsoleCredentials} or passed in code, and returns them complete and normalized
 * (IMS URL defaulted).
 *
 * Checks: client id, secrets, org id and scopes present; the org id ends with `@AdobeOrg`; a
 * technical account, when given, ends with `@techacct.adobe.com`; the scope list is not empty; at
 * most two secrets; the IMS URL is https (http only for loopback). A JWT configuration given here
 * is reported as such.
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
  const check = checkOAuthCredentials(input, source);
  if (check.credentials) return check.credentials;
  throw configurationErrorFor(check);
}
