import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AcsSettingName,
  credentialSettings,
  credentialsFromSettings,
  findAcsSetting,
  type LoadedCredentials,
  registerSecret,
  type SettingValue,
  type SettingValues,
} from '@campaign-standard/core';
import { parse as parseDotenv } from 'dotenv';
import { CliError } from '../cli-error.js';
import { ALTERNATIVES, SETTING_KEYS } from './keys.js';
import { DEFAULT_PROFILE, readConfigFile } from './profiles.js';

/** Where a setting came from, in precedence order (first wins). */
export type SettingSource = 'flag' | 'environment' | 'dotenv' | 'profile' | 'credentials';

/** One resolved value, where it was read, and the name it has there. */
export interface ResolvedValue {
  /** The value: a text, or a list as a Developer Console JSON holds it. */
  value: string | readonly string[];
  source: SettingSource;
  /** Human description of the origin: `--tenant`, `ACS_TENANT`, `./.env`, `profile "dev"`, a file path. */
  origin: string;
  /** The name of the value where it was read: `--tenant`, `ACS_TENANT`, `CLIENT_SECRETS`, … */
  field: string;
}

/** Every resolved setting, and the credentials read from them. */
export interface ResolvedSettings {
  /** The winning value of each setting, keyed by `ACS_*` variable, with where it came from. */
  values: Map<AcsSettingName, ResolvedValue>;
  /** The profile consulted (it may not exist). */
  profile: string;
  /** True when the profile was named (`--profile`, `ACS_PROFILE`) rather than the current one. */
  profileNamed: boolean;
  /** The Console JSON consulted, if any. */
  credentialsFile: string | undefined;
  /** What that Console JSON holds, as core read it (certificates included). */
  consoleCredentials: LoadedCredentials | undefined;
  /**
   * The credentials, read once: the values above, each named as it was given, over the Console
   * JSON, whose lists, field names and notes are kept as they are. What the strategies check.
   */
  credentials: LoadedCredentials;
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
  /** Reads a Console JSON file (core's `readConsoleCredentials`). */
  readConsole: (path: string) => LoadedCredentials;
  /** Told, in one line, when the profiles file is skipped (a link, a FIFO, unreadable). */
  warn?: ((text: string) => void) | undefined;
}

/** Values of one layer, each with its name there. */
type LayerValues = { [name in AcsSettingName]?: SettingValue };

interface Layer {
  source: SettingSource;
  origin: (name: AcsSettingName) => string;
  values: LayerValues;
}

/** The `ACS_*` texts of a source (flags, environment, `.env`, a profile), each with its name there. */
function pickKnown(
  source: Record<string, string | undefined>,
  field: (name: AcsSettingName) => string = (name) => name,
): LayerValues {
  const out: LayerValues = {};
  for (const [key, value] of Object.entries(source)) {
    const setting = findAcsSetting(key);
    if (setting && typeof value === 'string' && value.trim() !== '')
      out[setting.name] = { value, field: field(setting.name) };
  }
  return out;
}

/** Registers every secret a layer holds, winning or not: the configuration is where they enter. */
function registerSecrets(values: LayerValues): void {
  for (const [name, entry] of Object.entries(values) as Array<[AcsSettingName, SettingValue]>) {
    if (!findAcsSetting(name)?.secret) continue;
    for (const value of typeof entry.value === 'string' ? [entry.value] : entry.value) registerSecret(value);
  }
}

/** "environment, ./.env and profile \"dev\"": the layers that gave values, for messages. */
export function describeSources(values: Map<AcsSettingName, ResolvedValue>): string {
  const origins: string[] = [];
  for (const value of values.values()) {
    const label =
      value.source === 'flag'
        ? value.origin === '--sandbox'
          ? 'the sandbox'
          : 'flags'
        : value.source === 'environment'
          ? 'environment'
          : value.origin;
    if (!origins.includes(label)) origins.push(label);
  }
  return origins.length ? origins.join(', ') : 'no configuration';
}

/**
 * The credentials of resolved values: each value named as it was given, over the Console JSON
 * (whose own values are taken from it directly, not from their display in `values`).
 */
export function credentialsOf(
  values: Map<AcsSettingName, ResolvedValue>,
  consoleCredentials: LoadedCredentials | undefined,
): LoadedCredentials {
  const settings: SettingValues = {};
  for (const [name, resolved] of values)
    if (resolved.source !== 'credentials') settings[name] = { value: resolved.value, field: resolved.field };
  return credentialsFromSettings(settings, { base: consoleCredentials, source: describeSources(values) });
}

/**
 * Merges the layers of configuration, highest first: flags, `ACS_*` environment, a `.env` in the
 * working directory (parsed without touching `process.env`), a named profile of the config file,
 * and a Developer Console JSON. Each setting comes from the highest layer that has it; settings
 * that replace each other (a secret and a secret list, a key and a key file) come as a group.
 */
export async function resolveSettings(input: ResolveSettingsInput): Promise<ResolvedSettings> {
  const layers: Layer[] = [];
  const flagNames = new Map(SETTING_KEYS.map((key) => [key.env, `--${key.name}`]));
  const flagName = (name: AcsSettingName): string => flagNames.get(name) ?? name;
  layers.push({ source: 'flag', origin: flagName, values: pickKnown(input.flags, flagName) });
  layers.push({ source: 'environment', origin: (name) => name, values: pickKnown(input.env) });

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
    (layers.map((layer) => layer.values.ACS_CREDENTIALS_FILE).find((entry) => entry !== undefined)?.value as
      | string
      | undefined);
  let consoleCredentials: LoadedCredentials | undefined;
  if (credentialsFile !== undefined) {
    consoleCredentials = input.readConsole(credentialsFile);
    layers.push({
      source: 'credentials',
      origin: () => credentialsFile,
      values: credentialSettings(consoleCredentials),
    });
  }
  for (const layer of layers) registerSecrets(layer.values);

  const values = new Map<AcsSettingName, ResolvedValue>();
  const grouped = new Map<AcsSettingName, readonly AcsSettingName[]>();
  for (const group of ALTERNATIVES) for (const key of group) grouped.set(key, group);
  for (const key of SETTING_KEYS.map((k) => k.env)) {
    if (values.has(key)) continue;
    const group = grouped.get(key) ?? [key];
    const layer = layers.find((candidate) => group.some((member) => candidate.values[member] !== undefined));
    if (!layer) continue;
    for (const member of group) {
      const entry = layer.values[member];
      if (entry !== undefined)
        values.set(member, {
          value: entry.value,
          source: layer.source,
          origin: layer.origin(member),
          field: entry.field ?? member,
        });
    }
  }
  return {
    values,
    profile,
    profileNamed: named !== undefined,
    credentialsFile,
    consoleCredentials,
    credentials: credentialsOf(values, consoleCredentials),
  };
}

/** Which authentication a configuration holds; OAuth wins when both are complete. */
export type AuthKind = 'oauth' | 'jwt';

/** The method the credentials can use, preferring OAuth Server-to-Server; `undefined` when neither. */
export function detectAuthKind(credentials: LoadedCredentials): AuthKind | undefined {
  const oauth = credentials.oauth ?? {};
  const jwt = credentials.jwt ?? {};
  const secret = (oauth.clientSecrets?.length ?? 0) > 0 || jwt.clientSecret !== undefined;
  const clientId = oauth.clientId ?? jwt.clientId;
  if (clientId !== undefined && secret && oauth.scopes !== undefined) return 'oauth';
  if (jwt.privateKey !== undefined || jwt.privateKeyFile !== undefined || jwt.metascopes !== undefined)
    return 'jwt';
  if (clientId !== undefined || secret) return 'oauth';
  return undefined;
}
