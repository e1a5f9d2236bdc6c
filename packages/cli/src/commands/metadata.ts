import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { segment } from '../campaign.js';
import { writeList, writeRecord } from '../output/format.js';

/** `acs metadata <resource>`: the fields of a resource (`/profileAndServices/resourceType/<resource>`). */
export function registerMetadataCommand(program: Command, run: ActionRunner): void {
  program
    .command('metadata <resource>')
    .description('the fields of a resource (profile, service, history, or a custom one)')
    .option('--ext', 'use profileAndServicesExt (custom fields)')
    .option('--raw', 'print the whole metadata document instead of one row per field')
    .addHelpText(
      'after',
      '\nExamples:\n  $ acs metadata profile\n  $ acs metadata profile --ext --output json',
    )
    .action(
      run(async (session, resource: string, options: { ext?: boolean; raw?: boolean }) => {
        const family = options.ext ? 'profileAndServicesExt' : 'profileAndServices';
        const document = await (await session.campaign()).call(
          'GET',
          `/${family}/resourceType/${segment(resource)}`,
        );
        const content = (document as { content?: unknown })?.content;
        if (options.raw || typeof content !== 'object' || content === null) {
          writeRecord(session.output(), document);
          return;
        }
        const rows = Object.entries(content as Record<string, Record<string, unknown>>).map(
          ([name, field]) => ({
            name,
            type: field?.['type'],
            label: field?.['label'],
            length: field?.['length'],
            sortable: field?.['sortable'],
            readOnly: field?.['readOnly'],
          }),
        );
        await writeList(
          session.output(),
          (async function* () {
            yield rows;
          })(),
        );
      }),
    );
}
