import { type ImsError, imsHintFor, isCampaignSdkError } from '@campaign-standard/core';

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
  const candidate = error as { hint?: unknown; code?: unknown; errorCode?: unknown; status?: unknown };
  if (typeof candidate.hint === 'string' && candidate.hint) return candidate.hint;
  if (!isCampaignSdkError(error)) return undefined;
  // the strategies attach the advice of core's IMS table; an error without it gets the shared rows
  if (candidate.code === 'ERR_IMS') return imsHintFor(error as ImsError);
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
