import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { CliError } from '../cli-error.js';
import { findSettingKey, SETTING_KEYS } from '../config/keys.js';
import { DEFAULT_PROFILE, readConfigFile, writeConfigFile } from '../config/profiles.js';
import { writeList, writeRecord } from '../output/format.js';
import type { Session } from '../session.js';

function keyOrThrow(name: string) {
  const key = findSettingKey(name);
  if (!key)
    throw new CliError(
      'usage',
      `Unknown setting "${name}"`,
      `Known settings: ${SETTING_KEYS.map((k) => k.name).join(', ')}.`,
    );
  return key;
}

function masked(value: string, secret: boolean, show: boolean): string {
  if (!secret || show) return value;
  return value.length > 8 ? `${value.slice(0, 2)}…(${value.length} characters)` : '********';
}

function targetProfile(session: Session, current: string): string {
  return session.options.profile ?? session.io.env['ACS_PROFILE'] ?? current ?? DEFAULT_PROFILE;
}

/** `acs config set|get|unset|list|use|path`: named profiles in the user's config directory. */
export function registerConfigCommands(program: Command, run: ActionRunner): void {
  const config = program
    .command('config')
    .description('named profiles of settings in the user config directory (ACS_CONFIG_DIR overrides it)')
    .addHelpText(
      'after',
      `
Settings: ${SETTING_KEYS.map((key) => key.name).join(', ')}

Examples:
  $ acs config set tenant acme
  $ acs config set client-id 1234abcd --profile stage
  $ acs config use stage
  $ acs config list`,
    );

  config
    .command('set <key> <value>')
    .description('store a setting in the current profile (or --profile)')
    .action(
      run(async (session, name: string, value: string) => {
        const key = keyOrThrow(name);
        const file = await readConfigFile(session.paths.configFile);
        const profile = targetProfile(session, file.current);
        file.profiles[profile] = { ...file.profiles[profile], [key.env]: value };
        await writeConfigFile(session.paths.configFile, file);
        session.note(`${key.name} set in profile "${profile}" (${session.paths.configFile})`);
      }),
    );

  config
    .command('unset <key>')
    .description('remove a setting from the current profile (or --profile)')
    .action(
      run(async (session, name: string) => {
        const key = keyOrThrow(name);
        const file = await readConfigFile(session.paths.configFile);
        const profile = targetProfile(session, file.current);
        const values = file.profiles[profile];
        if (values?.[key.env] === undefined) {
          session.note(`${key.name} is not set in profile "${profile}"; nothing to remove`);
          return;
        }
        delete values[key.env];
        await writeConfigFile(session.paths.configFile, file);
        session.note(`${key.name} removed from profile "${profile}"`);
      }),
    );

  config
    .command('get <key>')
    .description('print a setting of the current profile (or --profile)')
    .option('--show-secrets', 'print secrets in clear')
    .action(
      run(async (session, name: string, options: { showSecrets?: boolean }) => {
        const key = keyOrThrow(name);
        const file = await readConfigFile(session.paths.configFile);
        const profile = targetProfile(session, file.current);
        const value = file.profiles[profile]?.[key.env];
        if (value === undefined)
          throw new CliError(
            'configuration',
            `${key.name} is not set in profile "${profile}"`,
            `Set it with \`acs config set ${key.name} <value>\`.`,
          );
        session.io.stdout.write(`${masked(value, key.secret, Boolean(options.showSecrets))}\n`);
      }),
    );

  config
    .command('list')
    .description('list the settings of every profile (secrets masked)')
    .option('--show-secrets', 'print secrets in clear')
    .action(
      run(async (session, options: { showSecrets?: boolean }) => {
        const file = await readConfigFile(session.paths.configFile);
        const rows = Object.entries(file.profiles).flatMap(([profile, values]) =>
          Object.entries(values).map(([env, value]) => {
            const key = findSettingKey(env);
            return {
              profile: profile === file.current ? `${profile} (current)` : profile,
              setting: key?.name ?? env,
              value: masked(value, key?.secret ?? true, Boolean(options.showSecrets)),
            };
          }),
        );
        await writeList(
          session.output(['profile', 'setting', 'value']),
          (async function* () {
            yield rows;
          })(),
        );
      }),
    );

  config
    .command('use <profile>')
    .description('make a profile the current one')
    .action(
      run(async (session, profile: string) => {
        const file = await readConfigFile(session.paths.configFile);
        if (!file.profiles[profile])
          throw new CliError(
            'configuration',
            `Profile "${profile}" does not exist`,
            `Create it with \`acs config set <key> <value> --profile ${profile}\`.`,
          );
        file.current = profile;
        await writeConfigFile(session.paths.configFile, file);
        session.note(`Current profile: ${profile}`);
      }),
    );

  config
    .command('path')
    .description('print where the config file and the token cache live')
    .action(
      run(async (session) => {
        writeRecord(session.output(), {
          configFile: session.paths.configFile,
          tokenCache: session.paths.tokenFile,
        });
      }),
    );
}
