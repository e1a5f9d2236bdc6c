import { ImsError } from './errors.js';

/**
 * The IMS flow a token request used: `client-credentials` (OAuth Server-to-Server,
 * `/ims/token/v3`) or `jwt-exchange` (the legacy Service Account, `/ims/exchange/jwt`).
 */
export type ImsFlow = 'client-credentials' | 'jwt-exchange';

/** What the hint for a refused token request may build on. */
export interface ImsHintContext {
  /** The flow of the refused request; without it, only the hints every flow shares apply. */
  flow?: ImsFlow | undefined;
  /** The IMS origin the request went to. */
  imsUrl?: string | undefined;
  /** How many client secrets were tried (more than one during a rotation). */
  secretCount?: number | undefined;
  /** True when a configured secret looks like a list pasted as one value. */
  secretLooksLikeList?: boolean | undefined;
  /** Where the way from JWT to OAuth Server-to-Server is explained, for the hints that advise it. */
  migrationGuide?: string | undefined;
}

interface ImsHintRule {
  /** The flow the rule is about; every flow when absent. */
  flow?: ImsFlow;
  when(error: ImsError, description: string, context: ImsHintContext): boolean;
  hint(context: ImsHintContext): string;
}

/** True for IMS's answer to a wrong secret: `invalid_client` with "invalid client_secret parameter". */
export function isRejectedSecret(error: unknown): boolean {
  return (
    error instanceof ImsError &&
    (error.status === 400 || error.status === 401) &&
    error.error === 'invalid_client' &&
    /client_secret/i.test(error.errorDescription ?? '')
  );
}

const OAUTH: ImsFlow = 'client-credentials';
const JWT: ImsFlow = 'jwt-exchange';

/** The one table of advice for IMS refusals, first match wins. */
const IMS_HINTS: readonly ImsHintRule[] = [
  {
    flow: OAUTH,
    when: (error, _, context) => isRejectedSecret(error) && (context.secretCount ?? 1) > 1,
    hint: (context) =>
      `IMS rejected each of the ${context.secretCount} configured client secrets: copy a current one from the ` +
      "OAuth Server-to-Server credential's page in the Developer Console.",
  },
  {
    flow: OAUTH,
    when: (error, _, context) => isRejectedSecret(error) && context.secretLooksLikeList === true,
    hint: () =>
      'The client secret looks like a list pasted as one value (client_secret vs client_secrets): ' +
      'give each secret as one entry of clientSecrets (or ACS_CLIENT_SECRETS as a comma or JSON list).',
  },
  {
    flow: OAUTH,
    when: (error) => isRejectedSecret(error),
    hint: () =>
      'IMS does not accept the client secret: copy a current one from the OAuth Server-to-Server ' +
      "credential's page in the Developer Console (it may have been rotated or deleted).",
  },
  {
    flow: OAUTH,
    when: (error, description) => error.error === 'invalid_client' && /client_id/i.test(description),
    hint: (context) =>
      'IMS does not know this client id: check clientId (the API key on the credential page) and that ' +
      `the IMS URL (${context.imsUrl}) is the one of the credential's environment (production or stage).`,
  },
  {
    flow: OAUTH,
    when: (error) => error.error === 'invalid_client',
    hint: () => 'IMS refused the client: check that this client id has an OAuth Server-to-Server credential.',
  },
  {
    flow: OAUTH,
    when: (error) => error.error === 'invalid_scope',
    hint: () =>
      'A requested scope is not on the credential: copy the scope list exactly from the Scopes tab of the ' +
      'OAuth Server-to-Server credential in the Developer Console.',
  },
  {
    flow: JWT,
    when: (error, description) =>
      /bindings|signature/i.test(description) || error.error === 'invalid_signature',
    hint: (context) =>
      'IMS could not verify the JWT with any certificate of the credential: the private key does not belong to an ' +
      'uploaded certificate, or that certificate expired. JWT credentials can no longer be renewed: migrate to ' +
      `OAuth Server-to-Server${context.migrationGuide ? ` (${context.migrationGuide})` : ''}.`,
  },
  {
    flow: JWT,
    when: (_, description) => /expired/i.test(description),
    hint: () => 'IMS says the JWT expired: check the clock of this machine and jwtLifetimeSeconds.',
  },
  {
    flow: JWT,
    when: (error) => error.error === 'invalid_token',
    hint: () =>
      'IMS could not use the signed JWT: check the private key, the technical account id and the clock of this machine.',
  },
  {
    flow: JWT,
    when: (error) => error.error === 'invalid_scope',
    hint: () =>
      'The metascopes are not those bound to the credential: use the ones in the Developer Console (for Campaign, ent_campaign_sdk).',
  },
  {
    flow: JWT,
    when: (error) => error.error === 'invalid_client' && error.status === 401,
    hint: () =>
      'IMS does not accept the client secret: copy it from the credential page in the Developer Console.',
  },
  {
    flow: JWT,
    when: (error) => error.error === 'invalid_client',
    hint: (context) =>
      `IMS does not know this client id: check clientId and that imsUrl (${context.imsUrl}) is the credential's IMS.`,
  },
  {
    flow: JWT,
    when: (error) => error.error === 'bad_request',
    hint: () =>
      'The org id or technical account id does not belong to this client: copy both from the credential page.',
  },
  {
    when: (error) => error.error === 'unsupported_grant_type' || error.error === 'invalid_request',
    hint: () =>
      'IMS did not accept the request: check that imsUrl points at Adobe IMS and not at another service.',
  },
  {
    when: (error) => error.status === 429,
    hint: () =>
      'IMS is throttling token requests. Tokens are cached until they near expiry: reuse one strategy per ' +
      'credential, and share a token store between processes.',
  },
  {
    when: (error) => error.status >= 500,
    hint: () => 'IMS is unavailable; the request was retried. Try again later.',
  },
];

/**
 * What to do about an IMS refusal, from one table of advice for both flows, or `undefined` when
 * there is nothing useful to add. The strategies attach it with {@link ImsError.withHint}.
 *
 * @param error - the refusal
 * @param context - the flow and what the strategy knows about its configuration
 */
export function imsHintFor(error: ImsError, context: ImsHintContext = {}): string | undefined {
  const description = error.errorDescription ?? '';
  const rule = IMS_HINTS.find(
    (candidate) =>
      (candidate.flow === undefined || candidate.flow === context.flow) &&
      candidate.when(error, description, context),
  );
  return rule?.hint(context);
}
