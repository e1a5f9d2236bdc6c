import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { CliError } from '../cli-error.js';
import { collect, readBody, readParams } from '../data-input.js';
import { writeRecord } from '../output/format.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** `acs api <METHOD> <path>`: any authenticated call, for what has no command yet. */
export function registerApiCommand(program: Command, run: ActionRunner): void {
  program
    .command('api <method> <path>')
    .description(
      'any authenticated Campaign call; the path is relative to https://mc.adobe.io/<tenant>/campaign',
    )
    .option('--data <json>', 'request body as JSON, @file.json, or - for stdin')
    .option('--set <key=value>', 'one body field (repeatable)', collect, [])
    .option('--param <key=value>', 'a query parameter (repeatable)', collect, [])
    .addHelpText(
      'after',
      `
Examples:
  $ acs api GET /profileAndServices/profile --param _lineCount=5
  $ acs api GET /profileAndServices/profile/byEmail --param email=jane@example.com
  $ acs api POST /profileAndServices/service --data @service.json
  $ acs api GET /profileAndServicesExt/orgUnitBase`,
    )
    .action(
      run(
        async (
          session,
          method: string,
          path: string,
          options: { data?: string; set: string[]; param: string[] },
        ) => {
          const verb = method.toUpperCase();
          if (!METHODS.includes(verb))
            throw new CliError(
              'usage',
              `Unknown HTTP method "${method}"`,
              `Use one of: ${METHODS.join(', ')}.`,
            );
          const body = readBody(options.data, options.set);
          const query = readParams(options.param);
          const relative = /^https?:\/\//i.test(path) ? path : `/${path.replace(/^\/+/, '')}`;
          const result = await (await session.campaign()).call(verb, relative, { body, query });
          writeRecord(session.output(), result ?? { status: 'ok' });
        },
      ),
    );
}
