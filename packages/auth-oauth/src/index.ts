export { fromConsoleCredentials, fromCredentials, fromEnvironment } from './loaders.js';
export type { OAuthRuntimeOptions, OAuthServerToServerAuth, OAuthServerToServerOptions } from './options.js';
export { createOAuthServerToServerAuth, OAUTH_SERVER_TO_SERVER_KIND } from './strategy.js';
export { OAUTH_TOKEN_PATH } from './token-request.js';
