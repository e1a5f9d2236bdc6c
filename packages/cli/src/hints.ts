import { isCampaignSdkError } from '@campaign-standard/core';

/** What to do about an IMS `error` value, or `undefined` when there is nothing specific to say. */
export function imsHint(error: string | undefined, description = ''): string | undefined {
  switch (error) {
    case 'invalid_client':
      return /secret/i.test(description)
        ? 'The client secret is wrong: copy it again from the credential in the Adobe Developer Console (ACS_CLIENT_SECRET).'
        : 'IMS does not know this client id: check ACS_CLIENT_ID against the Developer Console credential (the "API key").';
    case 'invalid_scope':
      return 'Ask only for scopes (OAuth) or metascopes (JWT) that the credential has: see its Scopes tab in the Developer Console (ACS_SCOPES / ACS_METASCOPES).';
    case 'invalid_token':
    case 'invalid_signature':
      return /bindings|signature/i.test(description)
        ? 'The JWT signature matches no certificate of the credential: the certificate expired or the private key is not the one uploaded. Migrate to OAuth with `acs migrate jwt-to-oauth`.'
        : 'IMS could not use the signed JWT: check ACS_PRIVATE_KEY, ACS_TECHNICAL_ACCOUNT_ID and the clock of this machine.';
    case 'bad_request':
      return 'Check ACS_ORG_ID (…@AdobeOrg) and ACS_TECHNICAL_ACCOUNT_ID (…@techacct.adobe.com).';
    case 'unsupported_grant_type':
    case 'invalid_request':
      return 'The IMS URL may be wrong: leave ACS_IMS_URL unset to use https://ims-na1.adobelogin.com.';
    default:
      return undefined;
  }
}

/** What to do about a Campaign gateway `error_code`, or `undefined`. */
export function apiHint(errorCode: string | undefined, status?: number): string | undefined {
  switch (errorCode) {
    case '401013':
      return 'The access token is not valid (expired or revoked): run `acs auth token --force` or delete the token cache, then retry.';
    case '403003':
      return 'The API key is invalid: ACS_CLIENT_ID must be the client id of a credential in the same project as Campaign.';
    case '403000':
      return 'The request carried no X-Api-Key header: set ACS_CLIENT_ID.';
    case '403010':
      return 'The request carried no token: check the authentication settings with `acs doctor`.';
    case '403023':
      return 'IMS has no Campaign product profile for this credential: add the Campaign product profile to the API in the Developer Console (check /ims/profile/v1 projectedProductContext).';
    case '429050':
      return 'Campaign is throttling requests: wait and retry more slowly.';
    default:
      if (status === 404)
        return 'Check the identifier (PKey or workflow id): it does not exist on this instance.';
      return undefined;
  }
}

/** The best hint for an error: its own, else one derived from its IMS or Campaign fields. */
export function hintFor(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as {
    hint?: unknown;
    code?: unknown;
    error?: unknown;
    errorDescription?: unknown;
    errorCode?: unknown;
    status?: unknown;
  };
  if (typeof candidate.hint === 'string' && candidate.hint) return candidate.hint;
  if (!isCampaignSdkError(error)) return undefined;
  if (candidate.code === 'ERR_IMS')
    return imsHint(
      typeof candidate.error === 'string' ? candidate.error : undefined,
      typeof candidate.errorDescription === 'string' ? candidate.errorDescription : '',
    );
  if (candidate.code === 'ERR_API')
    return apiHint(
      typeof candidate.errorCode === 'string' ? candidate.errorCode : undefined,
      typeof candidate.status === 'number' ? candidate.status : undefined,
    );
  if (candidate.code === 'ERR_NETWORK')
    return 'Check the network, a proxy (HTTPS_PROXY) and the URLs (ACS_IMS_URL, ACS_BASE_URL).';
  if (candidate.code === 'ERR_TIMEOUT') return 'Retry later, or raise the limit with --timeout.';
  return undefined;
}
