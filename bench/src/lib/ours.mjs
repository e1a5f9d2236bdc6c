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
  const c = emulator.credentials;
  const auth =
    kind === 'jwt'
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
  return createCampaignClient({ auth, tenant: c.tenant, baseUrl: emulator.baseUrl, ...clientOptions });
}
