import { ACS_SETTINGS, type AcsSettingName } from '@campaign-standard/core';

/** One setting of `acs`: its name in the config file and on the command line, and its variable. */
export interface SettingKey {
  /** Name in `acs config set <name>` and, for non-secrets, the `--<name>` flag. */
  name: string;
  /** The `ACS_*` environment variable. */
  env: AcsSettingName;
  /** True for values that must never be printed. */
  secret: boolean;
  /** One line for `acs config --help`. */
  description: string;
}

/** `client-id` for `ACS_CLIENT_ID`: the name of a setting in `acs config` and in flags. */
function configName(variable: AcsSettingName): string {
  return variable.slice('ACS_'.length).toLowerCase().replace(/_/g, '-');
}

/** Every setting, in the order `acs doctor` shows them: core's one list of `ACS_*` settings. */
export const SETTING_KEYS: readonly SettingKey[] = ACS_SETTINGS.map((setting) => ({
  name: configName(setting.name),
  env: setting.name,
  secret: setting.secret,
  description: setting.meaning,
}));

/** Settings that replace each other: the highest layer that sets one of them wins for the group. */
export const ALTERNATIVES: readonly (readonly AcsSettingName[])[] = [
  ...new Set(ACS_SETTINGS.flatMap((setting) => (setting.group ? [setting.group] : []))),
].map((group) => ACS_SETTINGS.filter((setting) => setting.group === group).map((setting) => setting.name));

/** The setting with this config name or `ACS_*` variable. */
export function findSettingKey(nameOrEnv: string): SettingKey | undefined {
  const wanted = nameOrEnv.trim();
  return SETTING_KEYS.find((key) => key.name === wanted.toLowerCase() || key.env === wanted.toUpperCase());
}
