export {
  type CheckedJwtCredentials,
  checkJwtCredentials,
  requireJwtCredentials,
} from './credentials.js';
export { JWT_DEPRECATION_CODE, MIGRATION_GUIDE } from './deprecation.js';
export {
  fromConsoleCredentials,
  fromCredentials,
  fromEnvironment,
  type JwtConsoleOptions,
} from './loaders.js';
export {
  type JwtConfigInput,
  METASCOPE_SCOPES,
  type MigrationOptions,
  type OAuthMigration,
  type OAuthServerToServerConfig,
  SECRET_PLACEHOLDER,
  toOAuthServerToServerConfig,
} from './migrate.js';
export type { JwtAuth, JwtAuthOptions, JwtRuntimeOptions } from './options.js';
export { type NormalizedPem, normalizePem } from './pem.js';
export {
  type LoadPrivateKeyOptions,
  loadPrivateKey,
  type NodePrivateKeyInput,
  type PrivateKeyInput,
  type WebCryptoPrivateKey,
} from './private-key.js';
export { buildJwtClaims, type JwtClaimsInput } from './sign.js';
export { createJwtAuth, JWT_KIND } from './strategy.js';
export { JWT_EXCHANGE_PATH } from './token-request.js';
