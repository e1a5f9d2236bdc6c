import { ImsError } from '@campaign-standard/core';

/** What the strategy knows when IMS refuses, to say what to do about it. */
export interface HintContext {
  /** How many secrets are configured. */
  secretCount: number;
  /** True when a configured secret looks like a list pasted as one secret. */
  secretLooksLikeList: boolean;
  /** The IMS origin. */
  imsUrl: string;
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

/** The advice for a refused token request, or `undefined` when there is nothing useful to add. */
export function hintFor(error: ImsError, context: HintContext): string | undefined {
  const description = error.errorDescription ?? '';
  if (isRejectedSecret(error)) {
    if (context.secretLooksLikeList)
      return (
        'The client secret looks like a list pasted as one value (client_secret vs client_secrets): ' +
        'give each secret as one entry of clientSecrets (or ACS_CLIENT_SECRETS as a comma or JSON list).'
      );
    return (
      'IMS does not accept the client secret: copy a current one from the OAuth Server-to-Server ' +
      "credential's page in the Developer Console (it may have been rotated or deleted)."
    );
  }
  if (error.error === 'invalid_client' && /client_id/i.test(description))
    return (
      'IMS does not know this client id: check clientId (the API key on the credential page) and that ' +
      `the IMS URL (${context.imsUrl}) is the one of the credential's environment (production or stage).`
    );
  if (error.error === 'invalid_client')
    return 'IMS refused the client: check that this client id has an OAuth Server-to-Server credential.';
  if (error.error === 'invalid_scope')
    return (
      'A requested scope is not on the credential: copy the scope list exactly from the Scopes tab of the ' +
      'OAuth Server-to-Server credential in the Developer Console.'
    );
  if (error.error === 'unsupported_grant_type' || error.error === 'invalid_request')
    return 'IMS did not accept the request: check that imsUrl points at Adobe IMS and not at another service.';
  if (error.status === 429)
    return (
      'IMS is throttling token requests. Tokens are cached until they near expiry: reuse one strategy per ' +
      'credential, and share a token store between processes.'
    );
  if (error.status >= 500) return 'IMS is unavailable; the request was retried. Try again later.';
  return undefined;
}
