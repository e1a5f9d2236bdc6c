import { init } from '@campaign-standard/aio-compat';
import { createJwtAuth } from '@campaign-standard/auth-jwt';
import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';

/**
 * Our stack against the emulator: a strategy and a client, with default options.
 *
 * @param {{ imsUrl: string, baseUrl: string, credentials: any }} emulator
 * @param {'oauth' | 'jwt'} [kind]
 * @param {{ refreshWindowMs?: number }} [options] strategy options besides the credentials
 * @param {object} [clientOptions] client options besides the defaults (`retry`, …)
 */
export function createOurClient(emulator, kind = 'oauth', options = {}, clientOptions = {}) {
  return createCampaignClient({
    auth: ourAuth(emulator, kind, options),
    tenant: emulator.credentials.tenant,
    baseUrl: emulator.baseUrl,
    ...clientOptions,
  });
}

/**
 * Adobe's functions on our client: `init()` of @campaign-standard/aio-compat with our OAuth strategy.
 *
 * @param {{ imsUrl: string, baseUrl: string, credentials: any }} emulator
 */
export function createCompat(emulator) {
  return init(emulator.credentials.tenant, '', ourAuth(emulator), { baseUrl: emulator.baseUrl });
}

/**
 * Our strategy for the emulator's demo credential.
 *
 * @param {{ imsUrl: string, credentials: any }} emulator
 * @param {'oauth' | 'jwt'} [kind]
 * @param {{ refreshWindowMs?: number }} [options] strategy options besides the credentials
 */
function ourAuth(emulator, kind = 'oauth', options = {}) {
  const c = emulator.credentials;
  return kind === 'jwt'
    ? createJwtAuth({
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        orgId: c.orgId,
        technicalAccountId: c.technicalAccountId,
        metascopes: c.metascopes,
        privateKey: c.privateKey,
        imsUrl: emulator.imsUrl,
        quietDeprecation: true,
        ...options,
      })
    : createOAuthServerToServerAuth({
        clientId: c.clientId,
        clientSecrets: [c.clientSecret],
        orgId: c.orgId,
        scopes: c.scopes,
        imsUrl: emulator.imsUrl,
        ...options,
      });
}
