import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { CliError } from '../cli-error.js';

interface GenerateOptions {
  out: string;
  snapshot?: string;
  check?: boolean;
  resource?: string[];
  date?: string;
}

/** The JSON snapshot written beside the module: `campaign-schema.ts` -> `campaign-schema.json`. */
function snapshotPath(out: string): string {
  return join(dirname(out), `${basename(out, extname(out))}.json`);
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** `acs types generate`: TypeScript types (and a JSON snapshot) from the tenant's metadata. */
export function registerTypesCommands(program: Command, run: ActionRunner): void {
  const types = program.command('types').description("TypeScript types from the tenant's schema");
  types
    .command('generate')
    .description(
      "write a TypeScript module describing the tenant's schema (profile extension, custom resources, filters) and a JSON snapshot beside it",
    )
    .requiredOption('--out <file>', 'the TypeScript module to write (e.g. src/campaign-schema.ts)')
    .option('--snapshot <file>', 'the JSON snapshot to write (default: beside --out, with .json)')
    .option('--check', 'write nothing; fail (exit 13) when the files differ from the tenant')
    .option(
      '--resource <family/name...>',
      'a custom resource to read besides those the families list (customResources/cusName)',
    )
    .option('--date <YYYY-MM-DD>', 'the day named in the header (default: today)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ acs types generate --out src/campaign-schema.ts\n  $ acs types generate --out src/campaign-schema.ts --check',
    )
    .action(
      run(async (session, options: GenerateOptions) => {
        if (options.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.date))
          throw new CliError('usage', `--date must be YYYY-MM-DD, got "${options.date}"`);
        const snapshotFile = options.snapshot ?? snapshotPath(options.out);
        if (snapshotFile === options.out)
          throw new CliError(
            'usage',
            '--snapshot and --out name the same file',
            'Give the module a .ts name.',
          );
        // Loaded here, not at start-up: every acs run imports this module.
        const { compareSchemaModule, generateSchemaModule, introspectTenant, renderSnapshot } = await import(
          '@campaign-standard/client/typegen'
        );
        const client = await session.client();
        const schema = await introspectTenant(client, { resources: options.resource ?? [] });
        const snapshot = renderSnapshot(schema);
        const stdout = session.io.stdout;
        if (options.check) {
          const existing = await readIfExists(options.out);
          const module = existing === undefined ? undefined : compareSchemaModule(existing, schema);
          const stale = [
            ...(module?.upToDate ? [] : [options.out]),
            ...((await readIfExists(snapshotFile)) === snapshot ? [] : [snapshotFile]),
          ];
          if (stale.length > 0)
            throw new CliError(
              'outdated',
              `${stale.join(' and ')} ${stale.length === 1 ? 'differs' : 'differ'} from the schema of tenant ${schema.tenant}`,
              `Run "acs types generate --out ${options.out}" and commit the result.`,
            );
          stdout.write(`${options.out} and ${snapshotFile} describe the schema of tenant ${schema.tenant}\n`);
          return;
        }
        const module = generateSchemaModule(schema, options.date ? { date: options.date } : {});
        await writeFile(options.out, module);
        await writeFile(snapshotFile, snapshot);
        const compromises = /(\d+) compromises?,/.exec(module)?.[1] ?? '0';
        stdout.write(
          `wrote ${options.out} and ${snapshotFile}: ${2 + schema.resources.length} resources of tenant ${schema.tenant}, ${compromises} compromise(s)\n`,
        );
      }),
    );
}
