import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { type CampaignCalls, recordKey, segment } from '../campaign.js';
import { CliError } from '../cli-error.js';
import { collect, readBody } from '../data-input.js';
import { writeRecord } from '../output/format.js';
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
  /** Has `values <field>`, a projection (Adobe documents it for profiles). */
  projection: boolean;
}

/** `--ext`: the extended family, where custom fields and filters defined in Campaign live. */
interface ExtOption {
  ext?: boolean;
}

function addExtOption(command: Command): Command {
  return command.option(
    '--ext',
    'the extended family (/profileAndServicesExt): custom fields, filters defined in Campaign',
  );
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
    projection: true,
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
    projection: false,
  },
];

function registerFamily(
  program: Command,
  run: ActionRunner,
  family: Family,
  connect: (s: Session) => Promise<CampaignCalls>,
) {
  const base = `/profileAndServices/${family.resource}`;
  const familyBase = (options: ExtOption) =>
    options.ext ? `/profileAndServicesExt/${family.resource}` : base;
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
  $ acs ${family.command} list --count
  $ acs ${family.command} get <PKey>
  $ acs ${family.command} create ${family.example.create}${
    family.projection ? `\n  $ acs ${family.command} values email --limit 10` : ''
  }`,
    );

  addExtOption(
    addListOptions(group.command('list').description(`list ${family.command}, page by page`)),
  ).action(
    run(async (session, options: ListOptions & ExtOption) => {
      await printList(session, await connect(session), familyBase(options), options, family.columns);
    }),
  );

  if (family.projection)
    addExtOption(
      addListOptions(
        group
          .command('values <field>')
          .description(`the value of one field for every ${family.singular} (a projection)`),
      ),
    ).action(
      run(async (session, field: string, options: ListOptions & ExtOption) => {
        if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(field) || /^by[A-Z0-9_]/.test(field))
          throw new CliError(
            'usage',
            `"${field}" is not a field`,
            `Give a field name such as email (acs metadata ${family.resource} lists them).`,
          );
        if (options.filter)
          throw new CliError(
            'usage',
            'A projection takes no --filter',
            'Filter with "list --filter" instead.',
          );
        // `/profile/<field>` answers the bare values; each becomes a record of one column.
        await printList(
          session,
          await connect(session),
          `${familyBase(options)}/${segment(field)}`,
          options,
          [field],
          (value) => ({ [field]: value }),
        );
      }),
    );

  group
    .command('get <pkey>')
    .description(`one ${family.singular} by PKey`)
    .action(
      run(async (session, pkey: string) => {
        const path = `${base}/${segment(recordKey(pkey))}`;
        writeRecord(session.output(), await (await connect(session)).call('GET', path));
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
        const path = `${base}/${segment(recordKey(pkey))}`;
        const api = await connect(session);
        writeRecord(session.output(), await api.call('PATCH', path, { body: body(options) }));
      }),
    );

  if (family.deletable)
    group
      .command('delete <pkey>')
      .description(`delete a ${family.singular}`)
      .action(
        run(async (session, pkey: string) => {
          const path = `${base}/${segment(recordKey(pkey))}`;
          await (await connect(session)).call('DELETE', path);
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
    if (options.service)
      return `/profileAndServices/service/${segment(recordKey(options.service, 'service PKey'))}/subscriptions`;
    if (options.subscriber)
      return `/profileAndServices/profile/${segment(recordKey(options.subscriber, 'profile PKey'))}/subscriptions`;
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
      const path = owner(options);
      await printList(session, await connect(session), path, options, [
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
        const path = `/profileAndServices/profile/${segment(recordKey(options.subscriber, 'profile PKey'))}/subscriptions`;
        const service = recordKey(options.service, 'service PKey');
        const api = await connect(session);
        const result = await api.call('POST', path, { body: { service: { PKey: service } } });
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
        const path = `${owner(options)}/${segment(recordKey(pkey, 'subscription PKey'))}`;
        await (await connect(session)).call('DELETE', path);
        writeRecord(session.output(), { PKey: pkey, deleted: true });
      }),
    );
}
