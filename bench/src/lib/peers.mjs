// Adobe's SDKs, unmodified on disk, pointed at the emulator in-process.
//
// - @adobe/aio-lib-ims: `getToken(context)` builds `new Ims(env)`, whose constructor assigns
//   `this.endpoint` from a fixed prod/stage table. An accessor on `Ims.prototype` receives that
//   assignment and answers the emulator's origin instead, so the library's own token manager
//   (context, validity check, plugins) runs as is. Its context store is aio-lib-core-config:
//   the runner points AIO_CONFIG_FILE and the working directory at a temporary directory.
// - @adobe/aio-lib-campaign-standard: `init()` hands `require('../spec/api.json')` to
//   swagger-client. Requiring the same JSON first returns the same cached object, whose
//   `servers[0].url` is rewritten to the emulator before `init()` reads it.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Loads @adobe/aio-lib-ims with every `Ims` instance talking to `imsUrl`.
 *
 * @param {string} imsUrl
 */
export function loadAioIms(imsUrl) {
  const ims = require('@adobe/aio-lib-ims');
  Object.defineProperty(ims.Ims.prototype, 'endpoint', {
    configurable: true,
    get: () => imsUrl,
    set: () => {},
  });
  return ims;
}

/**
 * The aio-lib-ims context configuration of the emulator's demo client, for its OAuth
 * Server-to-Server plugin or its JWT plugin.
 *
 * @param {any} c the emulator's credentials
 * @param {'oauth' | 'jwt'} kind
 */
export function aioImsContext(c, kind) {
  return kind === 'jwt'
    ? {
        client_id: c.clientId,
        client_secret: c.clientSecret,
        technical_account_id: c.technicalAccountId,
        meta_scopes: c.metascopes,
        ims_org_id: c.orgId,
        private_key: c.privateKey,
      }
    : {
        client_id: c.clientId,
        client_secrets: [c.clientSecret],
        technical_account_email: c.technicalAccountEmail,
        technical_account_id: c.technicalAccountId,
        scopes: c.scopes,
        ims_org_id: c.orgId,
      };
}

/**
 * Loads @adobe/aio-lib-campaign-standard with its spec's server pointed at `baseUrl`.
 *
 * @param {string} baseUrl the gateway origin
 */
export function loadAioCampaign(baseUrl) {
  const spec = require('@adobe/aio-lib-campaign-standard/spec/api.json');
  spec.servers[0].url = `${baseUrl}/{ORGANIZATION}/campaign`;
  return require('@adobe/aio-lib-campaign-standard');
}

/**
 * Adobe's campaign SDK initialised as its users do: aio-lib-ims's OAuth context for the emulator's
 * demo credential, then `init(tenant, clientId, token)`.
 *
 * @param {{ imsUrl: string, baseUrl: string, credentials: any }} emulator
 */
export async function initAioCampaign(emulator) {
  const ims = loadAioIms(emulator.imsUrl);
  await ims.context.set('bench', aioImsContext(emulator.credentials, 'oauth'));
  const { init } = loadAioCampaign(emulator.baseUrl);
  return init(emulator.credentials.tenant, emulator.credentials.clientId, await ims.getToken('bench'));
}
