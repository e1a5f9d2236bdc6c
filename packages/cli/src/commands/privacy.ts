import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { recordKey, segment } from '../campaign.js';
import { writeRecord } from '../output/format.js';
import { addListOptions, type ListOptions, printList } from './list-options.js';

/** `acs privacy list|get|create`: GDPR/CCPA requests (`/privacy/privacyTool`). */
export function registerPrivacyCommands(program: Command, run: ActionRunner): void {
  const privacy = program
    .command('privacy')
    .description('GDPR / CCPA privacy requests')
    .addHelpText(
      'after',
      `
Examples:
  $ acs privacy list
  $ acs privacy list --count
  $ acs privacy get <PKey>
  $ acs privacy create --name PT11832 --namespace AMCDS2 --value jane@example.com --regulation gdpr --type access`,
    );

  addListOptions(privacy.command('list').description('privacy requests')).action(
    run(async (session, options: ListOptions) => {
      await printList(session, await session.campaign(), '/privacy/privacyTool', options, [
        'PKey',
        'name',
        'type',
        'regulation',
        'status',
        'reconciliationValue',
      ]);
    }),
  );

  privacy
    .command('get <pkey>')
    .description('one privacy request')
    .action(
      run(async (session, pkey: string) => {
        const path = `/privacy/privacyTool/${segment(recordKey(pkey))}`;
        writeRecord(session.output(), await (await session.campaign()).call('GET', path));
      }),
    );

  privacy
    .command('create')
    .description('create an access or delete request')
    .requiredOption('--name <name>', 'request name')
    .requiredOption('--namespace <name>', 'namespace name (namespaceName)')
    .requiredOption('--value <value>', 'reconciliation value, e.g. an e-mail address')
    .option('--regulation <regulation>', 'gdpr or ccpa', 'gdpr')
    .option('--type <type>', 'access or delete', 'access')
    .option('--label <label>', 'label')
    .action(
      run(
        async (
          session,
          options: {
            name: string;
            namespace: string;
            value: string;
            regulation: string;
            type: string;
            label?: string;
          },
        ) => {
          const body = {
            name: options.name,
            namespaceName: options.namespace,
            reconciliationValue: options.value,
            regulation: options.regulation,
            type: options.type,
            ...(options.label ? { label: options.label } : {}),
          };
          writeRecord(
            session.output(),
            await (await session.campaign()).call('POST', '/privacy/privacyTool', { body }),
          );
        },
      ),
    );
}
