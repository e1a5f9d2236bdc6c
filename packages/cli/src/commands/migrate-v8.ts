import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { CliError } from '../cli-error.js';
import { collect } from '../data-input.js';
import { writeList } from '../output/format.js';
import { Session } from '../session.js';

interface CheckOptions {
  from?: string;
  to?: string;
  usage?: string;
  resource?: string[];
  sample?: string;
}

/** The session of another profile, with the same flags otherwise. */
function sessionFor(session: Session, profile: string | undefined): Session {
  if (profile === undefined || profile === session.options.profile) return session;
  return new Session(session.io, { ...session.options, profile });
}

async function readUsage(path: string) {
  const { parseUsageLog } = await import('@campaign-standard/client');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(
      'usage',
      `Cannot read the usage log ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return parseUsageLog(text);
  } catch (error) {
    throw new CliError(
      'usage',
      `${path}: ${(error as Error).message}`,
      'A usage log has one JSON object a line, as the client’s usageLog middleware writes it (see the guide "Migrate from Campaign Standard to Campaign v8").',
    );
  }
}

async function check(session: Session, options: CheckOptions): Promise<void> {
  const sample = options.sample === undefined ? undefined : Number(options.sample);
  if (sample !== undefined && !(Number.isInteger(sample) && sample > 0))
    throw new CliError('usage', `--sample must be a positive whole number, not "${options.sample}"`);
  if (options.to === undefined && options.usage === undefined)
    throw new CliError(
      'usage',
      'Nothing to compare: give --to <profile> (the Campaign v8 tenant) and/or --usage <file>',
      'acs migrate standard-to-v8 check --from <standard profile> --to <v8 profile> [--usage calls.ndjson]',
    );
  const usage = options.usage === undefined ? undefined : await readUsage(options.usage);
  const from = sessionFor(session, options.from);
  const to = options.to === undefined ? undefined : sessionFor(session, options.to);
  const opened = [from, to].filter((s): s is Session => s !== undefined && s !== session);
  try {
    const standard = await from.client();
    const v8 = to ? await to.client() : undefined;
    if (v8 && v8.instance.baseUrl === standard.instance.baseUrl)
      throw new CliError(
        'usage',
        `--from and --to name the same tenant (${standard.instance.tenantPath})`,
        'Give --to the profile of the Campaign v8 tenant (its own tenant id).',
      );
    const { checkStandardToV8 } = await import('@campaign-standard/client');
    const report = await checkStandardToV8({
      standard,
      ...(v8 ? { v8 } : {}),
      ...(usage ? { usage } : {}),
      ...(options.resource?.length ? { customResources: options.resource } : {}),
      ...(sample ? { sample } : {}),
      authKinds: {
        standard: (await from.strategy()).kind,
        ...(to ? { v8: (await to.strategy()).kind } : {}),
      },
    });
    const output = session.output(['severity', 'kind', 'subject', 'problem', 'fix']);
    if (output.format === 'json') output.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const rows = report.findings.map((f) => ({
        severity: f.blocking ? 'blocking' : 'warning',
        kind: f.kind,
        subject: f.subject,
        ...(usage ? { calls: f.calls ?? 0 } : {}),
        problem: f.problem,
        fix: f.fix,
      }));
      await writeList(
        {
          ...output,
          maxCell: 120,
          columns: ['severity', 'kind', 'subject', ...(usage ? ['calls'] : []), 'problem', 'fix'],
        },
        (async function* () {
          yield rows;
        })(),
      );
    }
    const blocking = report.findings.filter((f) => f.blocking).length;
    session.note(
      `${report.findings.length} finding(s), ${blocking} blocking (${standard.instance.tenantPath}${v8 ? ` -> ${v8.instance.tenantPath}` : ''}${usage ? `, ${usage.length} logged calls` : ''})`,
    );
    if (report.blocking)
      throw new CliError(
        'blocked',
        `${blocking} incompatibilit${blocking === 1 ? 'y' : 'ies'} will break calls on Campaign v8`,
        'Fix each blocking item as its "fix" column says, then run the check again.',
      );
  } finally {
    for (const s of opened) await s.close();
  }
}

/** `acs migrate standard-to-v8 check`. */
export function registerStandardToV8Commands(group: Command, run: ActionRunner): void {
  const migration = group
    .command('standard-to-v8')
    .description('what breaks when a Campaign Standard tenant moves to Campaign v8');
  migration
    .command('check')
    .description(
      'compare a Campaign Standard tenant with its Campaign v8 tenant (and/or a usage log) and list what will break',
    )
    .option('--from <profile>', 'profile of the Campaign Standard tenant (default: the current one)')
    .option('--to <profile>', 'profile of the Campaign v8 tenant it migrates to')
    .option('--usage <file>', "limit the check to the calls of a usage log (the client's usageLog NDJSON)")
    .option('--resource <name>', 'an unlinked custom resource to compare too (repeatable)', collect)
    .option('--sample <n>', 'profiles compared record by record for blank fields and PKeys (default 20)')
    .addHelpText(
      'after',
      `
Only GET requests are sent. Findings: APIs v8 does not offer, custom filters that need their REST
name, fields missing or read blank on v8, PKeys that change, a JWT credential, and (from a usage
log) bodies v8 refuses. --output json prints the report ({ v, blocking, findings[] }) for CI gates. Exit code 12
when anything blocks, 0 otherwise.

Examples:
  $ acs migrate standard-to-v8 check --from acme --to acme-v8
  $ acs migrate standard-to-v8 check --from acme --to acme-v8 --usage calls.ndjson --output json
  $ acs migrate standard-to-v8 check --from acme --usage calls.ndjson`,
    )
    .action(run(async (session, options: CheckOptions) => check(session, options)));
}
