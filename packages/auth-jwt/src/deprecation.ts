/** Where the migration is explained. */
export const MIGRATION_GUIDE = 'docs/guides/migrate-jwt-to-oauth.md';

/** The warning's code, for `process.on('warning')` filters and `--disable-warning`. */
export const JWT_DEPRECATION_CODE = 'ACS_JWT_DEPRECATED';

// On globalThis, so two copies of this package in one process still warn once.
const WARNED = Symbol.for('@campaign-standard/auth-jwt.deprecation-warned');

interface WarningProcess {
  env?: Record<string, string | undefined>;
  emitWarning?: (message: string, options: { type: string; code: string }) => void;
}

function suppressedBy(env: Record<string, string | undefined> | undefined): boolean {
  const value = env?.['ACS_SUPPRESS_JWT_WARNING']?.trim().toLowerCase();
  return value === '1' || value === 'true';
}

/**
 * Emits one `DeprecationWarning` per process (code `ACS_JWT_DEPRECATED`), unless `quiet` is set or
 * `ACS_SUPPRESS_JWT_WARNING=1` is in the environment (or in the `env` a loader was given).
 */
export function warnJwtDeprecated(
  quiet: boolean | undefined,
  env?: Record<string, string | undefined>,
): void {
  const proc = (globalThis as { process?: WarningProcess }).process;
  const state = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (quiet || state[WARNED] || suppressedBy(env) || suppressedBy(proc?.env)) return;
  if (typeof proc?.emitWarning !== 'function') return;
  state[WARNED] = true;
  proc.emitWarning(
    'JWT (Service Account) credentials reached end of life: Adobe IMS stops accepting them when their certificate ' +
      'expires or on 1 March 2026, whichever is earlier. Move to OAuth Server-to-Server with ' +
      `@campaign-standard/auth-oauth; see ${MIGRATION_GUIDE} (toOAuthServerToServerConfig converts the configuration). ` +
      'Silence with quietDeprecation: true or ACS_SUPPRESS_JWT_WARNING=1.',
    { type: 'DeprecationWarning', code: JWT_DEPRECATION_CODE },
  );
}
