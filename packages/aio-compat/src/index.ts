/**
 * A drop-in for Adobe's `@adobe/aio-lib-campaign-standard`: the same `init()` and the same 33
 * functions, results and error codes, called through `@campaign-standard/client`, so tokens are
 * fetched and refreshed by an `AuthStrategy`, idempotent calls are retried, lists page, and every
 * error carries a typed cause. Change the import, then move call by call to the client
 * (`campaign.client`).
 *
 * @packageDocumentation
 */
import { init } from './init.js';

export {
  type AioList,
  type AioWorkflowCommand,
  CampaignStandardCoreAPI,
  type FilterParameters,
  type SignalTextPayload,
} from './api.js';
export {
  type AioErrorCode,
  CampaignStandardSDKError,
  type CampaignStandardSDKErrorOptions,
  SDK_NAME,
} from './errors.js';
export { FIXED_TOKEN_KIND, FIXED_TOKEN_WARNING_CODE, fixedTokenAuth, isAuthStrategy } from './fixed-token.js';
export { type AioCompatOptions, init } from './init.js';
export type { AioResponse } from './response.js';

/** The default export: the module as Adobe's exports it. */
export interface AioCompatModule {
  /** The same {@link init} as the named export. */
  readonly init: typeof init;
}

/** The module as Adobe's exports it (`sdk.init(...)`), for `import sdk from '@campaign-standard/aio-compat'`. */
const sdk: AioCompatModule = { init };
export default sdk;
