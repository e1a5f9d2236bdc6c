import { createRecord, isCampaignSdkError } from '@campaign-standard/core';
import { readPrivateFile, writePrivateFile } from '@campaign-standard/core/file-store';
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

const ELSEWHERE_HINT = 'Or set ACS_CONFIG_DIR to a directory only you can write to.';

/** The configuration error for a config file that cannot be read or written safely. */
function fileError(action: 'read' | 'write', path: string, error: unknown): CliError {
  if (isCampaignSdkError(error, 'ERR_UNSAFE_FILE')) {
    // a directory problem can also be solved by keeping the configuration elsewhere
    const atDirectory = (error as { path?: unknown }).path !== path;
    const hint = [error.hint, atDirectory ? ELSEWHERE_HINT : undefined].filter(Boolean).join(' ');
    return new CliError('configuration', error.message, hint || undefined);
  }
  return new CliError('configuration', `Cannot ${action} ${path}: ${(error as Error).message}`);
}

/** One line for a warning about a config file that was skipped. */
function skippedWarning(error: CliError): string {
  return `${error.message.replace(/[.\s]+$/, '')}; its profiles are ignored. ${error.hint ?? ''}`.trim();
}

/**
 * Reads the config file; a missing file is an empty configuration, a corrupt one an error.
 *
 * The file is read without following a symbolic link and without blocking on a FIFO (see
 * `readPrivateFile` in core): a link, a special file, a file of another user or one others can
 * write is refused. With `warn`, such a file (or one that cannot be read at all) is skipped with
 * a warning, as commands that only use the settings need; without it, it is a configuration error,
 * as commands that rewrite the file need (they must not drop profiles they could not read).
 */
export async function readConfigFile(path: string, warn?: (text: string) => void): Promise<ConfigFile> {
  let text: string | undefined;
  try {
    text = await readPrivateFile(path);
  } catch (error) {
    const failure = fileError('read', path, error);
    if (!warn) throw failure;
    warn(skippedWarning(failure));
    return { current: DEFAULT_PROFILE, profiles: createRecord() };
  }
  if (text === undefined) return { current: DEFAULT_PROFILE, profiles: createRecord() };
  try {
    const parsed = JSON.parse(text) as Partial<ConfigFile>;
    // Without prototypes: a profile named "constructor" or "__proto__" is plain data, and a
    // missing profile or setting can never be found on Object.prototype.
    const profiles: ConfigFile['profiles'] = createRecord();
    for (const [name, values] of Object.entries(parsed.profiles ?? {})) {
      const settings = createRecord<string>();
      for (const [key, value] of Object.entries(values ?? {}))
        if (typeof value === 'string') settings[key] = value;
      profiles[name] = settings;
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

/**
 * Writes the config file atomically, readable by its owner only (it may hold secrets), with
 * core's `writePrivateFile`: an unpredictable temporary name created exclusively, never through a
 * link, and only in a directory that no one else owns or can write to (else a configuration error
 * saying how to fix it, such as `chmod 700 <dir>`).
 */
export async function writeConfigFile(path: string, config: ConfigFile): Promise<void> {
  try {
    await writePrivateFile(path, `${JSON.stringify(config, null, 2)}\n`);
  } catch (error) {
    throw fileError('write', path, error);
  }
}
