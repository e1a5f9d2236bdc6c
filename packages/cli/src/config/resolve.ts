import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { CliError } from '../cli-error.js';
import { ALTERNATIVES, SETTING_KEYS } from './keys.js';
import { DEFAULT_PROFILE, readConfigFile } from './profiles.js';

/** Where a setting came from, in precedence order (first wins). */
export type SettingSource = 'flag' | 'environment' | 'dotenv' | 'profile' | 'credentials';

/** One resolved value and where it was read. */
export interface ResolvedValue {
  value: string;
  source: SettingSource;
  /** Human description of the origin: `--tenant`, `ACS_TENANT`, `./.env`, `profile "dev"`, a file path. */
  origin: string;
}

/** Every resolved setting, keyed by `ACS_*` variable. */
export interface ResolvedSettings {
  values: Map<string, ResolvedValue>;
  /** The profile consulted (it may not exist). */
  profile: string;
  /** True when the profile was named (`--profile`, `ACS_PROFILE`) rather than the current one. */
  profileNamed: boolean;
  /** The Console JSON consulted, if any. */
  credentialsFile: string | undefined;
  /** An `ACS_*`-keyed record of the winning values, as the strategy loaders take it. */
  env: Record<string, string>;
}

/** Inputs of {@link resolveSettings}. */
export interface ResolveSettingsInput {
  /** `ACS_*` values given as flags. */
  flags: Record<string, string | undefined>;
  /** The process environment. */
  env: Record<string, string | undefined>;
  /** The working directory, where `.env` is looked for. */
  cwd: string;
  /** The profiles file. */
  configFile: string;
  /** The profile named on the command line. */
  profile?: string | undefined;
  /** The Console JSON named on the command line (`--credentials`). */
  credentialsFile?: string | undefined;
  /** Turns a Console JSON file into `ACS_*` values. */
  readConsole: (path: string) => Record<string, string>;
  /** Told, in one line, when the profiles file is skipped (a link, a FIFO, unreadable). */
  warn?: ((text: string) => void) | undefined;
}

const KNOWN = new Set(SETTING_KEYS.map((key) => key.env));

function pickKnown(source: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source))
    if (KNOWN.has(key) && typeof value === 'string' && value.trim() !== '') out[key] = value;
  return out;
}

/**
 * Merges the layers of configuration, highest first: flags, `ACS_*` environment, a `.env` in the
 * working directory (parsed without touching `process.env`), a named profile of the config file,
 * and a Developer Console JSON. Each setting comes from the highest layer that has it; settings
 * that replace each other (a secret and a secret list, a key and a key file) come as a group.
 */
export async function resolveSettings(input: ResolveSettingsInput): Promise<ResolvedSettings> {
  const layers: Array<{
    source: SettingSource;
    origin: (key: string) => string;
    values: Record<string, string>;
  }> = [];
  const flagNames = new Map(SETTING_KEYS.map((key) => [key.env, `--${key.name}`]));
  layers.push({ source: 'flag', origin: (key) => flagNames.get(key) ?? key, values: pickKnown(input.flags) });
  layers.push({ source: 'environment', origin: (key) => key, values: pickKnown(input.env) });

  const dotenvPath = join(input.cwd, '.env');
  const dotenv = statSync(dotenvPath, { throwIfNoEntry: false });
  // A FIFO or device planted as .env would block the read for ever: skip it, as the config file does.
  if (dotenv && !dotenv.isFile()) input.warn?.(`${dotenvPath} is not a regular file: it was not read`);
  else if (dotenv) {
    let parsed: Record<string, string>;
    try {
      parsed = parseDotenv(readFileSync(dotenvPath));
    } catch (error) {
      throw new CliError('configuration', `Cannot read ${dotenvPath}: ${(error as Error).message}`);
    }
    layers.push({ source: 'dotenv', origin: () => dotenvPath, values: pickKnown(parsed) });
  }

  // never blocks nor follows a planted link; a file that cannot be used is skipped with a warning
  const config = await readConfigFile(input.configFile, input.warn ?? (() => {}));
  const envProfile = input.env['ACS_PROFILE']?.trim();
  const named = input.profile ?? (envProfile || undefined);
  const profile = named ?? config.current ?? DEFAULT_PROFILE;
  const profileValues = config.profiles[profile];
  if (named !== undefined && profileValues === undefined) {
    const known = Object.keys(config.profiles);
    throw new CliError(
      'configuration',
      `Profile "${named}" does not exist in ${input.configFile}`,
      known.length
        ? `Known profiles: ${known.join(', ')}. Create it with \`acs config set <key> <value> --profile ${named}\`.`
        : `Create it with \`acs config set <key> <value> --profile ${named}\`.`,
    );
  }
  layers.push({
    source: 'profile',
    origin: () => `profile "${profile}"`,
    values: pickKnown(profileValues ?? {}),
  });

  const credentialsFile =
    input.credentialsFile ??
    layers.map((layer) => layer.values['ACS_CREDENTIALS_FILE']).find((value) => value !== undefined);
  if (credentialsFile !== undefined) {
    layers.push({
      source: 'credentials',
      origin: () => credentialsFile,
      values: pickKnown(input.readConsole(credentialsFile)),
    });
  }

  const values = new Map<string, ResolvedValue>();
  const grouped = new Map<string, readonly string[]>();
  for (const group of ALTERNATIVES) for (const key of group) grouped.set(key, group);
  for (const key of SETTING_KEYS.map((k) => k.env)) {
    if (values.has(key)) continue;
    const group = grouped.get(key) ?? [key];
    const layer = layers.find((candidate) => group.some((member) => candidate.values[member] !== undefined));
    if (!layer) continue;
    for (const member of group) {
      const value = layer.values[member];
      if (value !== undefined)
        values.set(member, { value, source: layer.source, origin: layer.origin(member) });
    }
  }
  const env: Record<string, string> = {};
  for (const [key, resolved] of values) env[key] = resolved.value;
  return { values, profile, profileNamed: named !== undefined, credentialsFile, env };
}

/** Which authentication a configuration holds; OAuth wins when both are complete. */
export type AuthKind = 'oauth' | 'jwt';

/** The method the settings can use, preferring OAuth Server-to-Server; `undefined` when neither. */
export function detectAuthKind(env: Record<string, string | undefined>): AuthKind | undefined {
  const has = (key: string) => typeof env[key] === 'string' && env[key] !== '';
  const secret = has('ACS_CLIENT_SECRET') || has('ACS_CLIENT_SECRETS');
  if (has('ACS_CLIENT_ID') && secret && has('ACS_SCOPES')) return 'oauth';
  if (has('ACS_PRIVATE_KEY') || has('ACS_PRIVATE_KEY_FILE') || has('ACS_METASCOPES')) return 'jwt';
  if (has('ACS_CLIENT_ID') || secret) return 'oauth';
  return undefined;
}
