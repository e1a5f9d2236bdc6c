import { ConfigurationError } from '@campaign-standard/core';
import type { CallOptions } from '../options.js';
import type { SignalTrigger, Workflow } from '../records.js';
import type { Requester } from '../requester.js';
import { looksLikeHref } from '../url.js';

/** A workflow command. */
export type WorkflowCommand = 'start' | 'pause' | 'resume' | 'stop';

/** Workflows: state, commands and external signals. */
export interface WorkflowsApi {
  /** A workflow and its activities, by the id set in Campaign. */
  get(workflowId: string, options?: CallOptions): Promise<Workflow>;
  /** Sends a command to a workflow. */
  command(workflowId: string, command: WorkflowCommand, options?: CallOptions): Promise<unknown>;
  /** Starts a workflow. */
  start(workflowId: string, options?: CallOptions): Promise<unknown>;
  /** Pauses a workflow. */
  pause(workflowId: string, options?: CallOptions): Promise<unknown>;
  /** Resumes a paused workflow. */
  resume(workflowId: string, options?: CallOptions): Promise<unknown>;
  /** Stops a workflow. */
  stop(workflowId: string, options?: CallOptions): Promise<unknown>;
  /**
   * Triggers an external signal activity, named (its trigger href is read from the workflow) or
   * by its trigger href. Campaign accepts one trigger per activity every 10 minutes; a trigger
   * during that time is refused with an error carrying Campaign's text.
   */
  signal(
    workflowId: string,
    activity: string,
    trigger: SignalTrigger,
    options?: CallOptions,
  ): Promise<unknown>;
}

const COMMANDS: readonly WorkflowCommand[] = ['start', 'pause', 'resume', 'stop'];

/** Builds {@link WorkflowsApi}. */
export function createWorkflowsApi(r: Requester): WorkflowsApi {
  const get = async (id: string, options?: CallOptions) =>
    r.data<Workflow>('GET', r.url('/workflow/execution/{id}', { id }), options);
  const command = async (id: string, method: WorkflowCommand, options?: CallOptions) => {
    if (!COMMANDS.includes(method)) {
      throw new ConfigurationError(
        [{ field: 'command', problem: `"${String(method)}" is not one of: ${COMMANDS.join(', ')}` }],
        'workflows.command',
      );
    }
    return r.data<unknown>('POST', r.url('/workflow/execution/{id}/commands', { id }), {
      ...options,
      body: { method },
    });
  };
  return {
    get,
    command,
    start: async (id, options) => command(id, 'start', options),
    pause: async (id, options) => command(id, 'pause', options),
    resume: async (id, options) => command(id, 'resume', options),
    stop: async (id, options) => command(id, 'stop', options),
    async signal(id, activity, trigger, options) {
      if (typeof trigger?.source !== 'string' || trigger.source === '') {
        throw new ConfigurationError(
          [{ field: 'source', problem: 'is required by Campaign' }],
          'workflows.signal',
        );
      }
      let href = activity;
      if (!looksLikeHref(activity)) {
        const workflow = await get(id, options);
        const activities = workflow.activities?.activity ?? {};
        const found = activities[activity]?.trigger?.href;
        if (typeof found !== 'string') {
          const names = Object.keys(activities).filter((name) => activities[name]?.trigger);
          throw new ConfigurationError(
            [
              {
                field: 'activity',
                problem: `workflow "${id}" has no signal activity "${activity}" (signal activities: ${names.join(', ') || 'none'})`,
              },
            ],
            'workflows.signal',
          );
        }
        href = found;
      }
      return r.data<unknown>('POST', r.href(href), { ...options, body: trigger });
    },
  };
}
