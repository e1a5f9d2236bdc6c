import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { segment } from '../campaign.js';
import { CliError } from '../cli-error.js';
import { collect, readBody } from '../data-input.js';
import { writeRecord } from '../output/format.js';
import type { Session } from '../session.js';

async function eventPath(session: Session, eventId: string, mcTenant: string | undefined): Promise<string> {
  const tenant =
    mcTenant ?? session.io.env['ACS_MC_TENANT'] ?? (await session.tenant()).replace(/-mkt-stage$/, '');
  return `/mc${segment(tenant)}/${segment(eventId)}`;
}

/** `acs events send|status`: transactional messages (Message Center). */
export function registerEventCommands(program: Command, run: ActionRunner): void {
  const events = program
    .command('events')
    .description('transactional events: send one, read its status')
    .addHelpText(
      'after',
      `
The endpoint is /mc<tenant>/<eventId>; when the Message Center name differs from the tenant,
give it with --mc-tenant (or ACS_MC_TENANT).

Examples:
  $ acs events send EVTcartAbandonment --set email=jane@example.com --set ctx.cartAmount='$ 125'
  $ acs events status EVTcartAbandonment <PKey>`,
    );

  events
    .command('send <eventId>')
    .description('send a transactional event')
    .option('--data <json>', 'the event as JSON, @file.json or -')
    .option('--set <key=value>', 'one field (repeatable; ctx.name=value nests)', collect, [])
    .option('--mc-tenant <name>', 'the Message Center tenant name (default: the tenant)')
    .action(
      run(async (session, eventId: string, options: { data?: string; set: string[]; mcTenant?: string }) => {
        const payload = readBody(options.data, options.set);
        if (payload === undefined)
          throw new CliError(
            'usage',
            'Nothing to send',
            `Give the event with --data '{"email":"a@b.c","ctx":{}}' or --set.`,
          );
        const api = await session.campaign();
        writeRecord(
          session.output(),
          await api.call('POST', await eventPath(session, eventId, options.mcTenant), { body: payload }),
        );
      }),
    );

  events
    .command('status <eventId> <pkey>')
    .description('the status of a sent event (pending, processed, deliveryFailed, …)')
    .option('--mc-tenant <name>', 'the Message Center tenant name (default: the tenant)')
    .action(
      run(async (session, eventId: string, pkey: string, options: { mcTenant?: string }) => {
        const api = await session.campaign();
        const path = `${await eventPath(session, eventId, options.mcTenant)}/${segment(pkey)}`;
        writeRecord(session.output(), await api.call('GET', path));
      }),
    );
}
