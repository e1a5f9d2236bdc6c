import { existsSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  acsEnvironment,
  type CredentialsCheck,
  checkOAuthCredentials,
  consoleCredentialJson,
  formatEnvFile,
  type LoadedCredentials,
  type OAuthCredentials,
} from '@campaign-standard/core';
import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { CliError } from '../cli-error.js';
import { createStrategy } from '../connect.js';
import { hintFor } from '../hints.js';
import { writeList } from '../output/format.js';
import type { Session } from '../session.js';
import { VERSION } from '../version.js';
import { registerStandardToV8Commands } from './migrate-v8.js';

/**
 * The OAuth Server-to-Server configuration equivalent to a JWT one, by auth-jwt's
 * `toOAuthServerToServerConfig` (metascopes mapped to scopes, or the scopes of the OAuth credential
 * a migration workspace or `ACS_SCOPES` gives), checked once.
 */
export async function oauthFromJwt(loaded: LoadedCredentials): Promise<CredentialsCheck<OAuthCredentials>> {
  const { toOAuthServerToServerConfig } = await import('@campaign-standard/auth-jwt');
  const { config } = toOAuthServerToServerConfig(loaded, { includeSecrets: true });
  const technicalAccountEmail = loaded.jwt?.technicalAccountEmail;
  return checkOAuthCredentials({ ...config, ...(technicalAccountEmail ? { technicalAccountEmail } : {}) });
}

/** The `.env` text of an OAuth configuration (plus the instance settings kept from the JWT one), by core's writer. */
export function envFileText(oauth: OAuthCredentials, keep: LoadedCredentials): string {
  const env = acsEnvironment({
    tenant: keep.tenant,
    environment: keep.environment,
    clientId: oauth.clientId,
    clientSecrets: oauth.clientSecrets,
    orgId: oauth.orgId,
    scopes: oauth.scopes,
    technicalAccountId: oauth.technicalAccountId,
    imsUrl: keep.imsUrl,
    baseUrl: keep.baseUrl,
  });
  return formatEnvFile(env, ['OAuth Server-to-Server configuration written by `acs migrate jwt-to-oauth`']);
}

/** The Console-style per-credential JSON of an OAuth configuration, by core's writer. */
export function consoleJsonText(oauth: OAuthCredentials): string {
  return `${JSON.stringify(consoleCredentialJson(oauth), null, 2)}\n`;
}

/** The dependency and import change for code using the SDK. */
export function codeChange(): { remove: string; add: string; before: string; after: string; env: string } {
  return {
    remove: '@campaign-standard/auth-jwt',
    add: `@campaign-standard/auth-oauth@^${VERSION}`,
    before: "import { fromEnvironment } from '@campaign-standard/auth-jwt';",
    after: "import { fromEnvironment } from '@campaign-standard/auth-oauth';",
    env: 'remove ACS_PRIVATE_KEY, ACS_PRIVATE_KEY_FILE, ACS_PRIVATE_KEY_PASSPHRASE, ACS_METASCOPES; add ACS_SCOPES',
  };
}

interface MigrateOptions {
  out?: string;
  format?: string;
  force?: boolean;
  skipTokens?: boolean;
}

async function migrate(session: Session, options: MigrateOptions): Promise<void> {
  const settings = await session.settings();
  const loaded = settings.credentials;
  const jwtCheck = await session.credentialsCheck('jwt');
  if (!jwtCheck.credentials) {
    throw new CliError(
      'configuration',
      `No complete JWT configuration to migrate (${loaded.source}): ${jwtCheck.issues.map((i) => `${i.field} ${i.problem}`).join('; ')}`,
      'Give the JWT settings (ACS_CLIENT_ID, ACS_CLIENT_SECRET, ACS_ORG_ID, ACS_TECHNICAL_ACCOUNT_ID, ACS_PRIVATE_KEY(_FILE), ACS_METASCOPES) in the environment, a .env file, a profile or --credentials.',
    );
  }
  const jwt = jwtCheck.credentials as { clientId: string };
  const oauthCheck = await oauthFromJwt(loaded);
  if (!oauthCheck.credentials)
    throw new CliError(
      'configuration',
      `The OAuth Server-to-Server configuration made from the JWT one is incomplete: ${oauthCheck.issues.map((i) => `${i.field} ${i.problem}`).join('; ')}`,
      'Give the scopes of the OAuth Server-to-Server credential with ACS_SCOPES (or a Console JSON holding both credentials).',
    );
  const oauth = oauthCheck.credentials;

  const steps: Array<{ step: string; status: string; detail: string }> = [];
  steps.push({
    step: 'read JWT configuration',
    status: 'ok',
    detail: `client ${jwt.clientId} from ${loaded.source}`,
  });

  if (options.out) {
    const format = (
      options.format ?? (extname(options.out).toLowerCase() === '.json' ? 'json' : 'env')
    ).toLowerCase();
    if (format !== 'env' && format !== 'json')
      throw new CliError(
        'usage',
        `Unknown --format "${options.format}"`,
        'Use --format env or --format json.',
      );
    if (existsSync(options.out) && !options.force)
      throw new CliError(
        'usage',
        `${options.out} exists; not overwritten`,
        'Choose another --out path or add --force.',
      );
    writeFileSync(options.out, format === 'json' ? consoleJsonText(oauth) : envFileText(oauth, loaded), {
      mode: 0o600,
    });
    steps.push({
      step: 'write OAuth configuration',
      status: 'ok',
      detail: `${options.out} (${format}, mode 0600)`,
    });
  } else {
    steps.push({
      step: 'write OAuth configuration',
      status: 'skip',
      detail: 'no --out given (nothing written)',
    });
  }

  let oauthFailure: unknown;
  if (!options.skipTokens) {
    try {
      const jwtStrategy = await createStrategy('jwt', jwtCheck, {
        store: session.tokenStore(),
        fetch: session.fetch,
        quiet: true,
      });
      const token = await jwtStrategy.getToken({ forceRefresh: true });
      steps.push({
        step: 'token by JWT',
        status: 'ok',
        detail: `valid until ${new Date(token.expiresOnTimestamp).toISOString()}`,
      });
    } catch (error) {
      steps.push({
        step: 'token by JWT',
        status: 'warn',
        detail: `${(error as Error).message} (expected once JWT is retired)`,
      });
    }
    try {
      const strategy = await createStrategy('oauth', oauthCheck, {
        store: session.tokenStore(),
        fetch: session.fetch,
      });
      const token = await strategy.getToken({ forceRefresh: true });
      steps.push({
        step: 'token by OAuth Server-to-Server',
        status: 'ok',
        detail: `valid until ${new Date(token.expiresOnTimestamp).toISOString()}`,
      });
    } catch (error) {
      oauthFailure = error;
      const hint = hintFor(error);
      steps.push({
        step: 'token by OAuth Server-to-Server',
        status: 'fail',
        detail: `${(error as Error).message}${hint ? ` → ${hint}` : ''}`,
      });
    }
  }

  const change = codeChange();
  const output = { ...session.output(['step', 'status', 'detail']), maxCell: 100 };
  if (output.format === 'table') {
    await writeList(
      output,
      (async function* () {
        yield steps;
      })(),
    );
    output.write(
      [
        '',
        'Change in code that uses the SDK:',
        `  npm uninstall ${change.remove} && npm install ${change.add}`,
        `  - ${change.before}`,
        `  + ${change.after}`,
        `  environment: ${change.env}`,
        '',
      ].join('\n'),
    );
  } else {
    const rows = [
      ...steps,
      { step: 'code change', status: 'info', detail: `${change.remove} -> ${change.add}; ${change.after}` },
    ];
    await writeList(
      output,
      (async function* () {
        yield rows;
      })(),
    );
  }
  if (oauthFailure !== undefined) throw oauthFailure;
}

/** `acs migrate jwt-to-oauth` and `acs migrate standard-to-v8 check`. */
export function registerMigrateCommands(program: Command, run: ActionRunner): void {
  const group = program
    .command('migrate')
    .description('migrations: JWT to OAuth credentials, Campaign Standard to Campaign v8');
  registerStandardToV8Commands(group, run);
  group
    .command('jwt-to-oauth')
    .description('turn a JWT configuration into an OAuth Server-to-Server one and check both')
    .option('--out <path>', 'write the OAuth configuration here (.env style, or Console JSON for *.json)')
    .option('--format <format>', 'env or json (default: from the --out extension)')
    .option('--force', 'overwrite --out if it exists')
    .option('--skip-tokens', 'do not ask IMS for tokens')
    .addHelpText(
      'after',
      `
Reads the JWT settings from the usual places (flags, ACS_* variables, .env, profile, --credentials).
The OAuth credential the Developer Console adds during the migration keeps the client id and the
technical account; give its scopes with ACS_SCOPES (or a Console JSON holding both credentials).

Examples:
  $ acs migrate jwt-to-oauth                          check only: tokens both ways, the code change
  $ acs migrate jwt-to-oauth --out .env.oauth
  $ acs migrate jwt-to-oauth --credentials workspace.json --out oauth.json`,
    )
    .action(run(async (session, options: MigrateOptions) => migrate(session, options)));
}
