import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from '../cli-error.js';

/** The content of `config.json`: named profiles of settings, and which one is current. */
export interface ConfigFile {
  /** The profile used when none is named. */
  current: string;
  /** Settings by profile name, keyed by `ACS_*` variable. */
  profiles: Record<string, Record<string, string>>;
}

/** The profile name used when none was ever chosen. */
export const DEFAULT_PROFILE = 'default';

/** Reads the config file; a missing file is an empty configuration, a corrupt one an error. */
export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { current: DEFAULT_PROFILE, profiles: {} };
    throw new CliError('configuration', `Cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as Partial<ConfigFile>;
    const profiles: ConfigFile['profiles'] = {};
    for (const [name, values] of Object.entries(parsed.profiles ?? {})) {
      profiles[name] = {};
      for (const [key, value] of Object.entries(values ?? {}))
        if (typeof value === 'string') profiles[name][key] = value;
    }
    return { current: typeof parsed.current === 'string' ? parsed.current : DEFAULT_PROFILE, profiles };
  } catch {
    throw new CliError(
      'configuration',
      `${path} is not valid JSON`,
      'Fix it by hand, or delete it and set the profile again with `acs config set`.',
    );
  }
}

/** Writes the config file atomically, readable by its owner only (it may hold secrets). */
export function writeConfigFile(path: string, config: ConfigFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
