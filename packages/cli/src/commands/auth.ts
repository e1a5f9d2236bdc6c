import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { writeRecord } from '../output/format.js';
import { runDoctor } from './doctor.js';

/** `acs auth token` and `acs auth check`. */
export function registerAuthCommands(program: Command, run: ActionRunner): void {
  const auth = program
    .command('auth')
    .description('access tokens: print one, check the configuration')
    .addHelpText(
      'after',
      `
Tokens are cached in the user cache directory (0600) and reused until shortly before they expire,
so consecutive invocations make one IMS request.

Examples:
  $ acs auth token                       the bare token, for curl
  $ acs auth token --json                with its type and expiry
  $ acs auth token --auth jwt --force    a fresh token by the legacy JWT flow
  $ curl -H "Authorization: Bearer $(acs auth token)" -H "X-Api-Key: $ACS_CLIENT_ID" …`,
    );

  auth
    .command('token')
    .description('print an access token (from the cache when still valid)')
    .option('--json', 'print a JSON object with the token, its method and expiry')
    .option('--force', 'ignore the cache and ask IMS for a new token')
    .action(
      run(async (session, options: { json?: boolean; force?: boolean }) => {
        const strategy = await session.strategy();
        const token = await strategy.getToken({ forceRefresh: Boolean(options.force) });
        if (options.json || session.options.output === 'json') {
          writeRecord(
            { ...session.output(), format: 'json' },
            {
              method: strategy.kind,
              clientId: strategy.clientId,
              tokenType: token.tokenType,
              accessToken: token.token,
              expiresOn: new Date(token.expiresOnTimestamp).toISOString(),
              expiresOnTimestamp: token.expiresOnTimestamp,
              expiresInSeconds: Math.max(0, Math.round((token.expiresOnTimestamp - Date.now()) / 1000)),
            },
          );
        } else session.io.stdout.write(`${token.token}\n`);
      }),
    );

  auth
    .command('check')
    .description('the same checks as `acs doctor`')
    .action(run(async (session) => runDoctor(session)));
}
