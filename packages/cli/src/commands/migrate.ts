import { existsSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import {
  checkJwtCredentials,
  type LoadedCredentials,
  type OAuthCredentials,
  requireOAuthCredentials,
} from '@campaign-standard/core';
import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { CliError } from '../cli-error.js';
import { createStrategy, loadCredentials } from '../connect.js';
import { hintFor } from '../hints.js';
import { writeList } from '../output/format.js';
import { describeSources, type Session } from '../session.js';
import { VERSION } from '../version.js';

/**
 * The OAuth Server-to-Server configuration equivalent to a JWT one, by auth-jwt's
 * `toOAuthServerToServerConfig` (metascopes mapped to scopes, or the scopes of the OAuth credential
 * of a migration workspace); explicit `ACS_SCOPES` win.
 */
export async function oauthFromJwt(
  loaded: LoadedCredentials,
  scopes: string[] | undefined,
): Promise<OAuthCredentials> {
  const { toOAuthServerToServerConfig } = await import('@campaign-standard/auth-jwt');
  const { config } = toOAuthServerToServerConfig(loaded, { includeSecrets: true });
  return requireOAuthCredentials({
    clientId: config.clientId,
    clientSecrets: config.clientSecrets,
    orgId: config.orgId,
    scopes: scopes ?? config.scopes,
    ...(config.technicalAccountId ? { technicalAccountId: config.technicalAccountId } : {}),
    ...(loaded.jwt?.technicalAccountEmail ? { technicalAccountEmail: loaded.jwt.technicalAccountEmail } : {}),
    ...(config.imsUrl ? { imsUrl: config.imsUrl } : {}),
  });
}

/** The `.env` lines of an OAuth configuration (plus the tenant settings kept from the JWT one). */
export function envFileText(oauth: OAuthCredentials, keep: Record<string, string | undefined>): string {
  const lines: Array<[string, string | undefined]> = [
    ['ACS_TENANT', keep['ACS_TENANT']],
    ['ACS_ENVIRONMENT', keep['ACS_ENVIRONMENT']],
    ['ACS_CLIENT_ID', oauth.clientId],
    oauth.clientSecrets.length > 1
      ? ['ACS_CLIENT_SECRETS', JSON.stringify(oauth.clientSecrets)]
      : ['ACS_CLIENT_SECRET', oauth.clientSecrets[0]],
    ['ACS_ORG_ID', oauth.orgId],
    ['ACS_SCOPES', oauth.scopes.join(',')],
    ['ACS_TECHNICAL_ACCOUNT_ID', oauth.technicalAccountId],
    ['ACS_IMS_URL', keep['ACS_IMS_URL']],
    ['ACS_BASE_URL', keep['ACS_BASE_URL']],
  ];
  const body = lines
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${/[\s#"'$]/.test(v!) ? JSON.stringify(v) : v}`);
  return `# OAuth Server-to-Server configuration written by \`acs migrate jwt-to-oauth\`\n${body.join('\n')}\n`;
}

/** The Console-style per-credential JSON of an OAuth configuration. */
export function consoleJsonText(oauth: OAuthCredentials): string {
  return `${JSON.stringify(
    {
      TYPE: 'oauthservertoserver',
      ORG_ID: oauth.orgId,
      CLIENT_ID: oauth.clientId,
      CLIENT_SECRETS: oauth.clientSecrets,
      ...(oauth.technicalAccountId ? { TECHNICAL_ACCOUNT_ID: oauth.technicalAccountId } : {}),
      ...(oauth.technicalAccountEmail ? { TECHNICAL_ACCOUNT_EMAIL: oauth.technicalAccountEmail } : {}),
      SCOPES: oauth.scopes,
    },
    null,
    2,
  )}\n`;
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
  const loaded = loadCredentials(settings.env, describeSources(settings));
  const jwtCheck = checkJwtCredentials(loaded, loaded.source);
  if (!jwtCheck.credentials) {
    throw new CliError(
      'configuration',
      `No complete JWT configuration to migrate (${loaded.source}): ${jwtCheck.issues.map((i) => `${i.field} ${i.problem}`).join('; ')}`,
      'Give the JWT settings (ACS_CLIENT_ID, ACS_CLIENT_SECRET, ACS_ORG_ID, ACS_TECHNICAL_ACCOUNT_ID, ACS_PRIVATE_KEY(_FILE), ACS_METASCOPES) in the environment, a .env file, a profile or --credentials.',
    );
  }
  const jwt = jwtCheck.credentials;
  const explicitScopes = settings.values
    .get('ACS_SCOPES')
    ?.value.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const oauth = await oauthFromJwt(loaded, explicitScopes);

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
    writeFileSync(
      options.out,
      format === 'json' ? consoleJsonText(oauth) : envFileText(oauth, settings.env),
      {
        mode: 0o600,
      },
    );
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
      const jwtStrategy = await createStrategy('jwt', jwt, {
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
      const strategy = await createStrategy('oauth', oauth, {
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

/** `acs migrate jwt-to-oauth`. */
export function registerMigrateCommands(program: Command, run: ActionRunner): void {
  const group = program.command('migrate').description('migrations of credentials');
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
