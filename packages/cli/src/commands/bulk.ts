import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type {
  BulkCounts,
  BulkJobOptions,
  BulkKey,
  BulkProgressEvent,
  BulkResource,
  BulkResult,
  Durability,
  ExportFormat,
  ExportResult,
  FieldType,
  ImportMode,
  InputFormat,
  OpenRecordsOptions,
} from '@campaign-standard/bulk';
import type { CampaignClient } from '@campaign-standard/client';
import { redact } from '@campaign-standard/core';
import { type Command, Option } from 'commander';
import type { ActionRunner } from '../action.js';
import { CliError, type CliErrorKind } from '../cli-error.js';
import { RETRY_WITHOUT_429 } from '../client-adapter.js';
import { collect, positiveInteger } from '../data-input.js';
import { failureKind } from '../exit-codes.js';
import { writeRecord } from '../output/format.js';
import type { Session } from '../session.js';

const FAMILIES = ['profileAndServices', 'profileAndServicesExt', 'customResources'] as const;
type Family = (typeof FAMILIES)[number];
const FIELD_TYPES: readonly FieldType[] = ['string', 'number', 'integer', 'boolean', 'date', 'datetime'];

/** `--ext` and `--family`: where the resource is read and written. */
interface FamilyOptions {
  ext?: boolean;
  family?: string;
}

/** The options of the input file (`acs import`, `acs subscribe`). */
interface InputOptions {
  format?: string;
  map?: string[];
  type?: string[];
  delimiter?: string;
  empty?: string;
  null?: string[];
  drop?: boolean;
}

/** The options of the job: journal, rejects, resume, rate (`acs import`, `acs subscribe`). */
interface JobOptions {
  journal?: string | false;
  rejects?: string | false;
  resume?: boolean;
  dryRun?: boolean;
  maxRate?: string;
  concurrency?: string;
  durability?: string;
  reconcileDelay?: string;
}

/** The options of `acs import`. */
interface ImportCommandOptions extends InputOptions, JobOptions, FamilyOptions {
  key: string;
  mode?: string;
  keyFilter?: string;
  keyParam?: string;
  queue?: string;
  chunkSize?: string;
}

/** The options of `acs subscribe`. */
interface SubscribeCommandOptions extends InputOptions, JobOptions, FamilyOptions {
  key?: string;
}

/** The options of `acs export`. */
interface ExportCommandOptions extends FamilyOptions {
  out?: string;
  format?: string;
  columns?: string;
  pageSize?: string;
  filter?: string;
  param?: string[];
  checkpoint?: string | false;
  resume?: boolean;
  force?: boolean;
  durability?: string;
}

function choice<T extends string>(
  value: string | undefined,
  flag: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError('usage', `${flag} must be one of ${allowed.join(', ')}, not "${value}"`);
}

function positive(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!value.trim() || !Number.isFinite(n) || n <= 0)
    throw new CliError('usage', `${flag} must be a positive number, not "${value}"`);
  return n;
}

/** `a=b` pairs of a repeatable flag. */
function pairs(
  values: readonly string[] | undefined,
  flag: string,
  example: string,
): Array<[string, string]> {
  return (values ?? []).map((text) => {
    const at = text.lastIndexOf('=');
    if (at <= 0 || at === text.length - 1)
      throw new CliError(
        'usage',
        `${flag} takes name=value, not "${text}"`,
        `For example ${flag} ${example}.`,
      );
    return [text.slice(0, at), text.slice(at + 1)];
  });
}

/** The resource argument: `profile`, `service` (plural accepted), or a custom resource's name. */
function resourceOf(name: string, options: FamilyOptions): BulkResource {
  const family = choice<Family>(options.family, '--family', FAMILIES);
  if (options.ext && family && family !== 'profileAndServicesExt')
    throw new CliError('usage', `--ext and --family ${family} contradict each other`);
  const singular = name.replace(/s$/, '');
  if (singular === 'profile' || singular === 'service') {
    if (family === 'customResources')
      throw new CliError('usage', `A ${singular} is not in the customResources family`);
    return options.ext || family === 'profileAndServicesExt'
      ? { kind: singular, family: 'profileAndServicesExt' }
      : singular;
  }
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
    throw new CliError(
      'usage',
      `"${name}" is not a resource`,
      'Give profile, service, or the name of a custom resource (cusVehicle).',
    );
  if (family === 'profileAndServices')
    throw new CliError(
      'usage',
      `A custom resource is in profileAndServicesExt or customResources, not ${family}`,
    );
  return { kind: 'custom', name, family: family ?? 'profileAndServicesExt' };
}

/** How the input file is read, from the input flags. */
function readingOptions(options: InputOptions): OpenRecordsOptions {
  const columns = Object.fromEntries(pairs(options.map, '--map', "'E-mail=email'"));
  const types: Record<string, FieldType> = {};
  for (const [field, type] of pairs(options.type, '--type', 'birthDate=date'))
    types[field] = choice(type, `--type ${field}=`, FIELD_TYPES)!;
  const format = choice<InputFormat>(options.format, '--format', ['csv', 'ndjson', 'json']);
  const empty = choice(options.empty, '--empty', ['omit', 'empty', 'null'] as const);
  return {
    ...(format ? { format } : {}),
    ...(Object.keys(columns).length ? { columns } : {}),
    ...(Object.keys(types).length ? { types } : {}),
    ...(options.drop ? { unmapped: 'drop' as const } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
    ...(empty ? { empty } : {}),
    ...(options.null?.length ? { nullValues: options.null } : {}),
  };
}

/** The job flags as options of `importRecords` / `subscribeRecords`. */
function jobOptions(options: JobOptions): Partial<BulkJobOptions> {
  const maxRate = positive(options.maxRate, '--max-rate');
  const concurrency = positiveInteger(options.concurrency, '--concurrency');
  const durability = choice<Durability>(options.durability, '--durability', ['process', 'system']);
  const reconcileSeconds = options.reconcileDelay === undefined ? undefined : Number(options.reconcileDelay);
  if (reconcileSeconds !== undefined && !(Number.isFinite(reconcileSeconds) && reconcileSeconds >= 0))
    throw new CliError(
      'usage',
      `--reconcile-delay must be a number of seconds, not "${options.reconcileDelay}"`,
    );
  return {
    ...(options.journal !== undefined ? { journal: options.journal } : {}),
    ...(options.rejects !== undefined ? { rejects: options.rejects } : {}),
    resume: Boolean(options.resume),
    dryRun: Boolean(options.dryRun),
    ...(maxRate !== undefined ? { maxRate } : {}),
    ...(concurrency !== undefined ? { concurrency, initialConcurrency: Math.min(concurrency, 4) } : {}),
    ...(durability ? { durability } : {}),
    ...(reconcileSeconds !== undefined ? { reconcileDelayMs: Math.round(reconcileSeconds * 1000) } : {}),
  };
}

function addFamilyOptions(command: Command): Command {
  return command
    .option('--ext', 'the extended family (/profileAndServicesExt): custom fields and filters')
    .addOption(
      new Option(
        '--family <family>',
        'where the resource lives (custom resources: profileAndServicesExt)',
      ).choices(FAMILIES),
    );
}

/** Declares the options of the input file. */
function addInputOptions(command: Command): Command {
  return command
    .optionsGroup('Input:')
    .addOption(
      new Option('--format <format>', 'the input format (default: from the extension)').choices([
        'csv',
        'ndjson',
        'json',
      ]),
    )
    .option('--map <column=field>', 'rename a column; a dotted field nests (repeatable)', collect, [])
    .option('--drop', 'drop the columns --map does not name')
    .option('--type <field=type>', `read a field as ${FIELD_TYPES.join(', ')} (repeatable)`, collect, [])
    .option('--delimiter <char>', 'CSV delimiter (default ,)')
    .addOption(
      new Option('--empty <meaning>', 'an empty CSV cell: omit the field (default), empty or null').choices([
        'omit',
        'empty',
        'null',
      ]),
    )
    .option('--null <text>', 'a cell text read as null, e.g. NULL (repeatable)', collect, []);
}

/** Declares the options of the job. */
function addJobOptions(command: Command): Command {
  return command
    .optionsGroup('Job:')
    .option('--journal <path>', 'the journal (default: <file>.journal.ndjson)')
    .option('--no-journal', 'no journal: the job cannot be resumed')
    .option('--rejects <path>', 'where refused rows go (default: <file>.rejects.ndjson)')
    .option('--no-rejects', 'no rejects file (refused rows are still counted)')
    .option('--resume', 'continue the job of the journal: done rows are skipped, nothing is sent twice')
    .option('--dry-run', 'read, look every key up and report what would change; write nothing')
    .option('--max-rate <requests/s>', 'the most requests per second')
    .option('--concurrency <n>', 'the most requests in flight (default 16)')
    .addOption(
      new Option(
        '--durability <level>',
        'process: survive a killed process (default); system: survive a power loss too (slower)',
      ).choices(['process', 'system']),
    )
    .option(
      '--reconcile-delay <seconds>',
      'wait before looking up a create whose outcome is unknown (default 30)',
    );
}

/** The arguments of this run as a shell command, with `--resume` added: how to continue the job. */
function resumeCommand(command: Command): string {
  let root = command;
  while (root.parent) root = root.parent;
  // commander keeps the arguments it parsed (`from: 'user'`: exactly those given to runCli)
  const args = [...((root as unknown as { rawArgs?: string[] }).rawArgs ?? [])];
  if (!args.includes('--resume')) args.push('--resume');
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`);
  return redact(['acs', ...args.map(quote)].join(' '));
}

/** Stops the job gracefully on the first Ctrl-C or SIGTERM; a second one ends the process. */
function stopOnSignals(session: Session, controller: AbortController, what: string): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      cleanup();
      process.kill(process.pid, signal);
      return;
    }
    session.note(
      `acs: stopping the ${what}: requests in flight finish and are recorded (${signal} again to quit at once)`,
    );
    controller.abort();
  };
  const cleanup = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return cleanup;
}

const number = (n: number) => n.toLocaleString('en-US');

/** The progress of a bulk job on stderr: a bar on a terminal, else a line at each tenth of the rows. */
function jobProgress(
  session: Session,
  what: string,
): { onEvent: (event: BulkProgressEvent) => void; stop(): void } {
  const disabled = session.options.progress === false;
  // stdout carries only the summary at the end, so a terminal there does not hide the bar
  const barShown = session.showsProgress(true);
  const linesShown = !barShown && !disabled && !session.io.env['ACS_NO_PROGRESS'];
  const bar = session.progress(
    {
      total: ' {bar} {value}/{total} rows | {rate} rows/s | ETA {eta_formatted} | refused {refused}',
      running: ' {value} rows | {rate} rows/s | refused {refused}',
    },
    true,
  );
  const started = Date.now();
  let total: number | undefined;
  let nextTenth = 1;
  const onEvent = (event: BulkProgressEvent) => {
    if (event.type === 'validated') total = event.rows;
    if (event.type === 'throttled' && linesShown)
      session.note(
        `acs: ${what}: Campaign asked to slow down (${event.status}); ${event.concurrency} requests in flight from now on`,
      );
    if (event.type !== 'row') return;
    const c = event.counts;
    const finished = c.created + c.updated + c.unchanged + c.subscribed + c.refused;
    const done = finished + c.skipped;
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(finished / seconds) : 0;
    bar.update(done, total, { rate, refused: c.refused });
    const tenth = total ? Math.floor((done * 10) / total) : 0;
    if (linesShown && total && tenth >= nextTenth) {
      nextTenth = tenth + 1;
      session.note(
        `acs: ${what}: ${number(done)}/${number(total)} rows (${Math.floor((done * 100) / total)}%), ${rate} rows/s, refused ${c.refused}`,
      );
    }
  };
  return { onEvent, stop: () => bar.stop() };
}

/**
 * The exit of a job that did not complete: `incomplete` (resume it), unless it failed on the
 * configuration or the credentials, which must be fixed first.
 */
function incompleteKind(result: { status: string; error?: Error | undefined }): CliErrorKind {
  const kind = result.status === 'failed' && result.error ? failureKind(result.error) : 'incomplete';
  return kind === 'configuration' || kind === 'authentication' ? kind : 'incomplete';
}

/** What `acs import` / `acs subscribe` print at the end, and how the run ends. */
function finishJob(
  session: Session,
  command: Command,
  what: string,
  result: BulkResult,
  total: number | undefined,
  stoppedBy: string | undefined,
): void {
  const c: BulkCounts = result.counts;
  const done = c.created + c.updated + c.unchanged + c.subscribed;
  const complete = result.status === 'completed';
  const left = total === undefined ? undefined : Math.max(0, total - c.skipped - done - c.refused);
  const resume = !complete && result.journal ? resumeCommand(command) : undefined;
  const summary: Record<string, unknown> = {
    status: result.status,
    complete,
    dryRun: result.dryRun,
    ...(total !== undefined ? { rows: total } : {}),
    done,
    created: c.created,
    updated: c.updated,
    unchanged: c.unchanged,
    ...(what === 'subscribe' ? { subscribed: c.subscribed } : {}),
    refused: c.refused,
    skipped: c.skipped,
    ...(left !== undefined && !complete ? { notDone: left } : {}),
    reconciled: c.reconciled,
    requests: c.requests,
    throttled: c.throttled,
    seconds: Math.round(result.durationMs / 100) / 10,
    journal: result.journal ?? null,
    rejects: result.rejects ?? null,
    ...(resume ? { resume } : {}),
  };
  writeRecord(session.output(), summary);
  if (!complete) {
    const why =
      result.status === 'stopped'
        ? `stopped by ${stoppedBy ?? 'a signal'}`
        : `failed: ${result.error?.message ?? 'unknown error'}`;
    const notDone = left === undefined ? '' : `: ${number(left)} rows are not done`;
    const hint = resume
      ? `Nothing was lost: the journal ${result.journal} holds what is done. Resume with: ${resume}`
      : 'There was no journal (--no-journal): run it again from the start.';
    throw new CliError(incompleteKind(result), `The ${what} is incomplete (${why})${notDone}`, hint);
  }
  if (c.refused > 0 && !result.dryRun) {
    throw new CliError(
      'refused',
      `The ${what} is complete, but Campaign refused ${number(c.refused)} row${c.refused === 1 ? '' : 's'}`,
      result.rejects
        ? `Each is in ${result.rejects} with its line and error; fix them and import that file.`
        : 'Run it again with --rejects <file> to keep them.',
    );
  }
}

/** Runs an import or subscription job with the flags, the progress, Ctrl-C and the summary. */
async function runJob(
  session: Session,
  command: Command,
  what: 'import' | 'subscribe',
  start: (client: CampaignClient, common: BulkJobOptions) => Promise<BulkResult>,
  file: string,
  options: InputOptions & JobOptions,
): Promise<void> {
  const { openRecords } = await import('@campaign-standard/bulk');
  const path = resolve(session.io.cwd, file);
  if (!existsSync(path)) throw new CliError('usage', `No such file: ${file}`);
  const job = jobOptions(options);
  for (const name of ['journal', 'rejects'] as const) {
    const value = job[name];
    if (typeof value === 'string') job[name] = resolve(session.io.cwd, value);
  }
  const source = openRecords(path, readingOptions(options));
  const client = await session.client(RETRY_WITHOUT_429);
  const controller = new AbortController();
  let total: number | undefined;
  let stoppedBy: string | undefined;
  const progress = jobProgress(session, what);
  const stopListening = stopOnSignals(session, controller, what);
  controller.signal.addEventListener('abort', () => {
    stoppedBy = 'Ctrl-C or SIGTERM';
  });
  let result: BulkResult;
  try {
    result = await start(client, {
      client,
      source,
      ...job,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'validated') total = event.rows;
        progress.onEvent(event);
      },
    });
  } finally {
    stopListening();
    progress.stop();
  }
  finishJob(session, command, what, result, total, stoppedBy);
}

/** `acs import`, `acs subscribe` and `acs export`: bulk jobs of `@campaign-standard/bulk`. */
export function registerBulkCommands(program: Command, run: ActionRunner): void {
  const importCommand = program
    .command('import <resource> <file>')
    .description(
      'create or update records from a CSV, NDJSON or JSON file: resumable, each row once, at the rate Campaign allows',
    )
    .requiredOption('--key <field>', 'the business key that finds an existing record, e.g. email')
    .addOption(
      new Option('--mode <mode>', 'upsert (default): create or change; create; update').choices([
        'upsert',
        'create',
        'update',
      ]),
    )
    .option('--key-filter <filter>', 'the filter that finds a record by its key (a custom byCrmId)')
    .option('--key-param <parameter>', 'the query parameter of --key-filter (crmId_parameter)')
    .option('--queue <url>', 'queue the import on a fleet (redis://host:6379) for acs worker processes')
    .option('--chunk-size <n>', 'with --queue: rows per chunk (200)');
  addFamilyOptions(importCommand);
  addInputOptions(importCommand);
  addJobOptions(importCommand);
  importCommand
    .addHelpText(
      'after',
      `
<resource> is profile, service, or a custom resource (cusVehicle, with --family).
Rows Campaign refuses go to the rejects file and the run goes on; a malformed file is refused
before anything is sent (exit 10, the line named). Ctrl-C stops gracefully and prints the
command that resumes; after a crash or kill -9, run the same command with --resume.

Examples:
  $ acs import profile people.csv --key email
  $ acs import profile people.csv --key email --resume
  $ acs import profile crm.csv --key email --map 'E-mail=email' --map City=location.city --type birthDate=date
  $ acs import profile people.ndjson --key cusCrmId --ext --key-filter byCrmId --key-param crmId_parameter
  $ acs import profile people.csv --key email --dry-run     what would change, nothing written
  $ acs import profile people.csv --key email --max-rate 20 --output json
  $ acs import profile people.csv --key email --queue redis://localhost:6379   (then: acs worker)`,
    )
    .action(
      run(
        async (session, resource: string, file: string, options: ImportCommandOptions, command: Command) => {
          const mode = choice<ImportMode>(options.mode, '--mode', ['upsert', 'create', 'update']);
          if (Boolean(options.keyFilter) !== Boolean(options.keyParam))
            throw new CliError('usage', '--key-filter and --key-param go together');
          const key: BulkKey =
            options.keyFilter && options.keyParam
              ? { field: options.key, lookup: { filter: options.keyFilter, parameter: options.keyParam } }
              : options.key;
          const target = resourceOf(resource, options);
          if (options.queue) {
            const path = resolve(session.io.cwd, file);
            if (!existsSync(path)) throw new CliError('usage', `No such file: ${file}`);
            const { enqueueImport } = await import('./fleet.js');
            await enqueueImport(session, options.queue, {
              resource: target,
              key,
              mode,
              path,
              reading: readingOptions(options),
              chunkSize: options.chunkSize,
            });
            return;
          }
          const { importRecords } = await import('@campaign-standard/bulk');
          await runJob(
            session,
            command,
            'import',
            (_client, common) =>
              importRecords({ ...common, resource: target, key, ...(mode ? { mode } : {}) }),
            file,
            options,
          );
        },
      ),
    );

  const subscribeCommand = program
    .command('subscribe <service> <file>')
    .description('subscribe the profiles of a file to a service (by name, or @PKey): resumable, each once')
    .option('--key <field>', 'the profiles’ business key (default: email)');
  subscribeCommand.option('--ext', 'look profiles up in the extended family (a custom key field)');
  addInputOptions(subscribeCommand);
  addJobOptions(subscribeCommand);
  subscribeCommand
    .addHelpText(
      'after',
      `
A profile already subscribed costs no write; a key with no profile is refused (rejects file).

Examples:
  $ acs subscribe SVC1 emails.csv
  $ acs subscribe newsletter people.ndjson --key email --resume`,
    )
    .action(
      run(
        async (
          session,
          service: string,
          file: string,
          options: SubscribeCommandOptions,
          command: Command,
        ) => {
          const { subscribeRecords } = await import('@campaign-standard/bulk');
          await runJob(
            session,
            command,
            'subscribe',
            (_client, common) =>
              subscribeRecords({
                ...common,
                service: service.startsWith('@') ? { pkey: service } : { name: service },
                key: options.key ?? 'email',
                ...(options.ext ? { family: 'profileAndServicesExt' as const } : {}),
              }),
            file,
            options,
          );
        },
      ),
    );

  const exportCommand = program
    .command('export <resource>')
    .description('write every record of a resource to a file: streamed, resumable, each record once')
    .option('--out <file>', 'the file written (default: <resource>.<format>)')
    .addOption(
      new Option('--format <format>', 'ndjson (default), csv or json; else from --out').choices([
        'ndjson',
        'csv',
        'json',
      ]),
    )
    .option('--columns <list>', 'CSV columns, comma separated (dotted for nested fields)')
    .option('--page-size <n>', 'records per page (default 100)')
    .option('--filter <name>', 'a filter of the resource (byEmail, byText, a custom one)')
    .option('--param <key=value>', 'a parameter of the filter or the query (repeatable)', collect, []);
  addFamilyOptions(exportCommand);
  exportCommand
    .option('--checkpoint <path>', 'the checkpoint (default: <out>.checkpoint.json)')
    .option('--no-checkpoint', 'no checkpoint: the export cannot be resumed')
    .option('--resume', 'continue the export of the checkpoint: each record is written once')
    .option('--force', 'overwrite an existing output file')
    .addOption(
      new Option('--durability <level>', 'process (default) or system (flushed to the disk)').choices([
        'process',
        'system',
      ]),
    )
    .addHelpText(
      'after',
      `
Every record is exported, also from tables above Campaign's big-table threshold. Ctrl-C or a
kill leaves the file and its checkpoint consistent: run the same command with --resume.

Examples:
  $ acs export profile --out profiles.ndjson
  $ acs export profile --out profiles.csv --columns PKey,email,location.city
  $ acs export profile --out profiles.ndjson --resume
  $ acs export service --format json`,
    )
    .action(
      run(async (session, resource: string, options: ExportCommandOptions, command: Command) => {
        await runExport(session, command, resource, options);
      }),
    );
}

async function runExport(
  session: Session,
  command: Command,
  resource: string,
  options: ExportCommandOptions,
): Promise<void> {
  const target = resourceOf(resource, options);
  const extension = options.out
    ? /\.(ndjson|jsonl|csv|json)$/i.exec(options.out)?.[1]?.toLowerCase()
    : undefined;
  const format: ExportFormat =
    choice<ExportFormat>(options.format, '--format', ['ndjson', 'csv', 'json']) ??
    (extension === 'jsonl' ? 'ndjson' : (extension as ExportFormat | undefined)) ??
    'ndjson';
  const named = typeof target === 'string' ? target : target.kind === 'custom' ? target.name : target.kind;
  const output = resolve(session.io.cwd, options.out ?? `${named}.${format}`);
  const checkpoint =
    options.checkpoint === false
      ? false
      : resolve(session.io.cwd, options.checkpoint ?? `${output}.checkpoint.json`);
  const resuming = Boolean(options.resume) && checkpoint !== false && existsSync(checkpoint);
  if (existsSync(output) && !resuming && !options.force)
    throw new CliError(
      'usage',
      `${output} exists`,
      checkpoint !== false && existsSync(checkpoint)
        ? 'Continue that export with --resume, or replace it with --force.'
        : 'Give another --out, or replace it with --force.',
    );
  const query: Record<string, string> = Object.fromEntries(pairs(options.param, '--param', 'email=a@b.c'));
  const pageSize = positiveInteger(options.pageSize, '--page-size');
  const durability = choice<Durability>(options.durability, '--durability', ['process', 'system']);
  const columns = options.columns
    ?.split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  const { collectionOf, exportRecords } = await import('@campaign-standard/bulk');
  if (options.filter !== undefined && !/^[A-Za-z][A-Za-z0-9_]*$/.test(options.filter))
    throw new CliError('usage', `"${options.filter}" is not a filter name`, 'For example --filter byText.');
  const client = await session.client(RETRY_WITHOUT_429);
  const controller = new AbortController();
  const stopListening = stopOnSignals(session, controller, 'export');
  const bar = session.progress(undefined, true);
  let result: ExportResult;
  try {
    result = await exportRecords({
      client,
      resource: options.filter ? { path: `${collectionOf(target, 'acs export')}/${options.filter}` } : target,
      ...(Object.keys(query).length ? { query } : {}),
      output,
      format,
      ...(columns?.length ? { columns } : {}),
      ...(pageSize ? { pageSize } : {}),
      checkpoint,
      resume: resuming,
      ...(durability ? { durability } : {}),
      signal: controller.signal,
      onProgress: (event) => bar.update(event.records),
    });
  } finally {
    stopListening();
    bar.stop();
  }
  const complete = result.status === 'completed';
  const resume = !complete && result.checkpoint ? resumeCommand(command) : undefined;
  writeRecord(session.output(), {
    status: result.status,
    complete,
    records: result.records,
    recordsThisRun: result.recordsThisRun,
    pages: result.pages,
    seconds: Math.round(result.durationMs / 100) / 10,
    output: result.output,
    checkpoint: result.checkpoint ?? null,
    ...(resume ? { resume } : {}),
  });
  if (!complete) {
    const why =
      result.status === 'stopped'
        ? 'stopped by Ctrl-C or SIGTERM'
        : `failed: ${result.error?.message ?? 'unknown error'}`;
    throw new CliError(
      incompleteKind(result),
      `The export is incomplete (${why}): ${number(result.records)} records written so far`,
      resume
        ? `The checkpoint ${result.checkpoint} holds where it stopped. Resume with: ${resume}`
        : 'There was no checkpoint (--no-checkpoint): run it again from the start.',
    );
  }
}
