import { join } from 'node:path';
import envPaths from 'env-paths';

/** Where `acs` keeps its files. */
export interface CliPaths {
  /** Directory of `config.json` (named profiles). */
  configDir: string;
  /** Directory of the token cache. */
  cacheDir: string;
  /** The profiles file. */
  configFile: string;
  /** The token cache file (0600). */
  tokenFile: string;
}

/**
 * The user's config and cache directories (XDG on Linux, the platform's own elsewhere), or both
 * under `ACS_CONFIG_DIR` when it is set, so tests and CI never touch the real home.
 */
export function cliPaths(env: Record<string, string | undefined>): CliPaths {
  const override = env['ACS_CONFIG_DIR']?.trim();
  const platform = envPaths('acs', { suffix: '' });
  const configDir = override || platform.config;
  const cacheDir = override ? join(override, 'cache') : platform.cache;
  return {
    configDir,
    cacheDir,
    configFile: join(configDir, 'config.json'),
    tokenFile: join(cacheDir, 'tokens.json'),
  };
}
