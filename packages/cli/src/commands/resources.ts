import type { Command } from 'commander';
import { type CampaignCalls, segment } from '../campaign.js';
import { CliError } from '../cli-error.js';
import { collect, readBody } from '../data-input.js';
import { writeRecord } from '../output/format.js';
import type { ActionRunner } from '../program.js';
import type { Session } from '../session.js';
import { addListOptions, type ListOptions, printList } from './list-options.js';

interface BodyOptions {
  data?: string;
  set?: string[];
}

function body(options: BodyOptions, required = true): unknown {
  const value = readBody(options.data, options.set);
  if (value === undefined && required)
    throw new CliError(
      'usage',
      'Nothing to send',
      `Give the fields with --data '{"email":"a@b.c"}' or --set email=a@b.c.`,
    );
  return value;
}

function addBodyOptions(command: Command): Command {
  return command
    .option('--data <json>', 'the fields as JSON, @file.json, or - for stdin')
    .option('--set <key=value>', 'one field (repeatable; dotted keys nest)', collect, []);
}

/** Resource families with list/get/create/update/delete over `/profileAndServices/<name>`. */
interface Family {
  command: string;
  resource: string;
  singular: string;
  columns: string[];
  example: { create: string; filter: string };
  deletable: boolean;
  updatable: boolean;
}

const FAMILIES: Family[] = [
  {
    command: 'profiles',
    resource: 'profile',
    singular: 'profile',
    columns: ['PKey', 'email', 'firstName', 'lastName', 'gender', 'created'],
    example: {
      create: '--set email=jane@example.com --set firstName=Jane',
      filter: '--filter byEmail --param email=jane@example.com',
    },
    deletable: true,
    updatable: true,
  },
  {
    command: 'services',
    resource: 'service',
    singular: 'service',
    columns: ['PKey', 'name', 'label', 'messageType', 'mode', 'created'],
    example: {
      create: `--data '{"name":"newsletter","label":"Newsletter","messageType":"email"}'`,
      filter: '--filter byChannel --param channel=email',
    },
    deletable: true,
    updatable: true,
  },
];

function registerFamily(
  program: Command,
  run: ActionRunner,
  family: Family,
  connect: (s: Session) => Promise<CampaignCalls>,
) {
  const base = `/profileAndServices/${family.resource}`;
  const group = program
    .command(family.command)
    .description(`${family.command}: list, get, create, update, delete`)
    .addHelpText(
      'after',
      `
Examples:
  $ acs ${family.command} list --limit 10
  $ acs ${family.command} list ${family.example.filter}
  $ acs ${family.command} list --output csv > ${family.command}.csv
  $ acs ${family.command} get <PKey>
  $ acs ${family.command} create ${family.example.create}`,
    );

  addListOptions(group.command('list').description(`list ${family.command}, page by page`)).action(
    run(async (session, options: ListOptions) => {
      await printList(session, await connect(session), base, options, family.columns);
    }),
  );

  group
    .command('get <pkey>')
    .description(`one ${family.singular} by PKey`)
    .action(
      run(async (session, pkey: string) => {
        writeRecord(session.output(), await (await connect(session)).call('GET', `${base}/${segment(pkey)}`));
      }),
    );

  addBodyOptions(group.command('create').description(`create a ${family.singular}`)).action(
    run(async (session, options: BodyOptions) => {
      const api = await connect(session);
      writeRecord(session.output(), await api.call('POST', base, { body: body(options) }));
    }),
  );

  if (family.updatable)
    addBodyOptions(
      group.command('update <pkey>').description(`change fields of a ${family.singular}`),
    ).action(
      run(async (session, pkey: string, options: BodyOptions) => {
        const api = await connect(session);
        writeRecord(
          session.output(),
          await api.call('PATCH', `${base}/${segment(pkey)}`, { body: body(options) }),
        );
      }),
    );

  if (family.deletable)
    group
      .command('delete <pkey>')
      .description(`delete a ${family.singular}`)
      .action(
        run(async (session, pkey: string) => {
          await (await connect(session)).call('DELETE', `${base}/${segment(pkey)}`);
          writeRecord(session.output(), { PKey: pkey, deleted: true });
        }),
      );
}

/** `acs profiles …`, `acs services …` and `acs subscriptions …`. */
export function registerResourceCommands(program: Command, run: ActionRunner): void {
  const connect = (session: Session) => session.campaign();
  for (const family of FAMILIES) registerFamily(program, run, family, connect);

  const subscriptions = program
    .command('subscriptions')
    .description('subscriptions of profiles to services')
    .addHelpText(
      'after',
      `
Examples:
  $ acs subscriptions list --subscriber <profile PKey>
  $ acs subscriptions list --service <service PKey>
  $ acs subscriptions create --subscriber <profile PKey> --service <service PKey>
  $ acs subscriptions delete <subscription PKey> --service <service PKey>`,
    );

  const owner = (options: { subscriber?: string; service?: string }) => {
    if (options.service) return `/profileAndServices/service/${segment(options.service)}/subscriptions`;
    if (options.subscriber) return `/profileAndServices/profile/${segment(options.subscriber)}/subscriptions`;
    throw new CliError(
      'usage',
      'Name a profile or a service',
      'Add --subscriber <profile PKey> or --service <service PKey>.',
    );
  };

  addListOptions(
    subscriptions
      .command('list')
      .description('the subscriptions of a profile or of a service')
      .option('--subscriber <pkey>', 'the profile (subscriber)')
      .option('--service <pkey>', 'the service'),
  ).action(
    run(async (session, options: ListOptions & { subscriber?: string; service?: string }) => {
      await printList(session, await connect(session), owner(options), options, [
        'PKey',
        'serviceName',
        'subscriber.email',
        'created',
      ]);
    }),
  );

  subscriptions
    .command('create')
    .description('subscribe a profile to a service')
    .requiredOption('--subscriber <pkey>', 'the profile (subscriber)')
    .requiredOption('--service <pkey>', 'the service')
    .action(
      run(async (session, options: { subscriber: string; service: string }) => {
        const api = await connect(session);
        const result = await api.call(
          'POST',
          `/profileAndServices/profile/${segment(options.subscriber)}/subscriptions`,
          {
            body: { service: { PKey: options.service } },
          },
        );
        writeRecord(session.output(), result);
      }),
    );

  subscriptions
    .command('delete <pkey>')
    .description('unsubscribe: delete a subscription (give its service or profile)')
    .option('--subscriber <pkey>', 'the profile (subscriber)')
    .option('--service <pkey>', 'the service')
    .action(
      run(async (session, pkey: string, options: { subscriber?: string; service?: string }) => {
        await (await connect(session)).call('DELETE', `${owner(options)}/${segment(pkey)}`);
        writeRecord(session.output(), { PKey: pkey, deleted: true });
      }),
    );
}
