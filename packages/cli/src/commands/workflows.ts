import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { segment } from '../campaign.js';
import { CliError } from '../cli-error.js';
import { collect, readBody } from '../data-input.js';
import { writeRecord } from '../output/format.js';

const COMMANDS = ['start', 'pause', 'resume', 'stop'] as const;

function coerceParam(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text) && text.length < 16) return Number(text);
  return text;
}

/** Finds the trigger href of a signal activity in a workflow record. */
export function findTriggerHref(workflow: unknown, activity: string): string | undefined {
  const activities = (
    workflow as { activities?: { activity?: Record<string, { trigger?: { href?: unknown } }> } }
  )?.activities?.activity;
  const href = activities?.[activity]?.trigger?.href;
  return typeof href === 'string' ? href : undefined;
}

/** `acs workflows get|start|pause|resume|stop|signal`. */
export function registerWorkflowCommands(program: Command, run: ActionRunner): void {
  const workflows = program
    .command('workflows')
    .description('read and control workflows, trigger external signals')
    .addHelpText(
      'after',
      `
Examples:
  $ acs workflows get WKF12
  $ acs workflows start WKF12
  $ acs workflows signal WKF12 signal1 --param email=jane@example.com --param test=true`,
    );

  workflows
    .command('get <workflowId>')
    .description('a workflow and its activities')
    .action(
      run(async (session, id: string) => {
        const api = await session.campaign();
        writeRecord(session.output(), await api.call('GET', `/workflow/execution/${segment(id)}`));
      }),
    );

  for (const method of COMMANDS) {
    workflows
      .command(`${method} <workflowId>`)
      .description(`${method} a workflow`)
      .action(
        run(async (session, id: string) => {
          const api = await session.campaign();
          const result = await api.call('POST', `/workflow/execution/${segment(id)}/commands`, {
            body: { method },
          });
          writeRecord(session.output(), result ?? { workflow: id, command: method, ok: true });
        }),
      );
  }

  workflows
    .command('signal <workflowId> <activity>')
    .description('trigger an external signal activity of a running workflow')
    .option(
      '--param <key=value>',
      'a signal parameter (repeatable; true/false and numbers are typed)',
      collect,
      [],
    )
    .option('--data <json>', 'the parameters as a JSON object, @file.json or -')
    .option('--source <source>', 'the source field', 'API')
    .action(
      run(
        async (
          session,
          id: string,
          activity: string,
          options: { param: string[]; data?: string; source: string },
        ) => {
          const api = await session.campaign();
          const workflow = await api.call('GET', `/workflow/execution/${segment(id)}`);
          const href = findTriggerHref(workflow, activity);
          if (!href)
            throw new CliError(
              'notFound',
              `Workflow "${id}" has no signal activity "${activity}"`,
              'List its activities with `acs workflows get <workflowId>`.',
            );
          const parameters = (readBody(options.data, [], '--data') ?? {}) as Record<string, unknown>;
          for (const pair of options.param) {
            const at = pair.indexOf('=');
            if (at <= 0) throw new CliError('usage', `--param expects key=value, not "${pair}"`);
            parameters[pair.slice(0, at)] = coerceParam(pair.slice(at + 1));
          }
          const result = await api.call('POST', href, { body: { source: options.source, parameters } });
          writeRecord(session.output(), result ?? { workflow: id, activity, triggered: true });
        },
      ),
    );
}
