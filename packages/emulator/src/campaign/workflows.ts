import type { RequestContext } from '../context.js';
import { sendJson, sendText } from '../http.js';
import { jsonBody } from './body.js';
import { formatTimestamp } from './codec.js';
import { CampaignError, notFound } from './errors.js';
import type { Base, Row } from './resources.js';

/** Parameter types a signal activity can declare. */
type ParamType = 'string' | 'number' | 'boolean' | 'dateTime';

interface Workflow {
  id: string;
  label: string;
  state: 'started' | 'paused' | 'stopped';
  signals: Record<string, Record<string, ParamType>>;
  lastTrigger: Map<string, number>;
  triggers: number;
}

const COOLDOWN_MS = 10 * 60 * 1000;
const MAX_SIGNAL_PAYLOAD = 64 * 1024;
const GENERIC = 'RST-360011 An error has occurred - please contact your administrator.';
const HANDLE_TRIGGER = 'HandleTrigger(@name, $(source), $({parameters}))';

/**
 * A refused trigger, worded line by line as Adobe's page shows the answer to an undeclared
 * parameter (help/api/using/triggering-a-signal-activity.md): the generic RST-360011 line, the
 * reason, then the XTK-170006 and RST-360000 lines of the `HandleTrigger` expression.
 */
function triggerError(reason: string): CampaignError {
  return new CampaignError(
    500,
    [
      GENERIC,
      reason,
      `XTK-170006 Unable to parse expression '${HANDLE_TRIGGER}'.`,
      `RST-360000 Error while assessing '${HANDLE_TRIGGER}' expression ('xtk:workflow:execution/activities/signal/trigger' resource)`,
    ].join(' '),
  );
}

/** The workflows of one instance: `WKF1` (running) and `WKF2` (stopped), each with a signal activity. */
export class Workflows {
  readonly byId = new Map<string, Workflow>();

  constructor() {
    const signals = {
      // The parameters of Adobe's trigger sample (help/api/using/triggering-a-signal-activity.md)
      // but `contentURL`, which the page then shows refused as not declared; and a number.
      signal1: {
        audience: 'string',
        email: 'string',
        template: 'string',
        test: 'boolean',
        segmentCode: 'string',
        attribute: 'dateTime',
        amount: 'number',
      },
    } satisfies Workflow['signals'];
    this.byId.set('WKF1', {
      id: 'WKF1',
      label: 'Welcome journey',
      state: 'started',
      signals,
      lastTrigger: new Map(),
      triggers: 0,
    });
    this.byId.set('WKF2', {
      id: 'WKF2',
      label: 'Weekly import',
      state: 'stopped',
      signals,
      lastTrigger: new Map(),
      triggers: 0,
    });
  }
}

/**
 * `/workflow/execution/<id>` (read), `…/commands` (`start|pause|resume|stop`) and
 * `…/<wf>/activities/activity/<activity>/trigger` (external signal).
 */
export async function routeWorkflow(
  ctx: RequestContext,
  workflows: Workflows,
  base: Base,
  segs: string[],
): Promise<void> {
  const [execution, ref, ...rest] = segs;
  if (execution !== 'execution' || ref === undefined) throw notFound('workflow');
  const workflow = findWorkflow(workflows, base, ref);
  if (!workflow) throw notFound('Workflow', ref);
  const key = base.keys.encode(base.tenant, 'w', workflow.id);
  const href = `${base.campaign}/workflow/execution/${key}`;
  if (rest.length === 0 && ctx.method === 'GET')
    return sendJson(ctx.res, 200, render(workflow, base, key, href));
  if (rest.length === 1 && rest[0] === 'commands' && ctx.method === 'POST') {
    const method = String(jsonBody(ctx).method ?? '').toLowerCase();
    const next = transition(workflow.state, method);
    if (!next)
      throw new CampaignError(500, `${GENERIC} Unknown command '${method}' for workflow '${workflow.id}'.`);
    workflow.state = next;
    return sendJson(ctx.res, 200, { PKey: key, id: workflow.id, state: workflow.state });
  }
  const [activities, activity, activityRef, trigger] = rest;
  if (activities === 'activities' && activity === 'activity' && activityRef && trigger === 'trigger') {
    const decoded = base.keys.decode(activityRef);
    const name =
      decoded?.kind === 'a' && decoded.tenant === base.tenant ? decoded.id.split('.')[1] : undefined;
    const declared = name ? workflow.signals[name] : undefined;
    if (!name || !declared || ctx.method !== 'POST') throw notFound('Activity', activityRef);
    return triggerSignal(ctx, workflow, name, declared);
  }
  throw notFound(rest.join('/'), ref);
}

function findWorkflow(workflows: Workflows, base: Base, ref: string): Workflow | undefined {
  if (ref.startsWith('@')) {
    const decoded = base.keys.decode(ref);
    return decoded?.kind === 'w' && decoded.tenant === base.tenant
      ? workflows.byId.get(decoded.id)
      : undefined;
  }
  return workflows.byId.get(ref);
}

function transition(from: Workflow['state'], method: string): Workflow['state'] | undefined {
  if (method === 'start') return 'started';
  if (method === 'pause') return from === 'started' ? 'paused' : from;
  if (method === 'resume') return from === 'paused' ? 'started' : from;
  if (method === 'stop') return 'stopped';
  return undefined;
}

function render(workflow: Workflow, base: Base, key: string, href: string): Row {
  const activity: Row = {};
  for (const [name, params] of Object.entries(workflow.signals)) {
    const activityKey = base.keys.encode(base.tenant, 'a', `${workflow.id}.${name}`);
    activity[name] = {
      PKey: activityKey,
      name,
      label: 'External signal',
      type: 'signal',
      // ACS lists the declared parameters of a signal with their types; Campaign v8 does not
      // advertise them (the v8 migration page, "Workflows - External Signal triggering").
      ...(base.v8
        ? {}
        : {
            parameters: Object.fromEntries(Object.entries(params).map(([p, type]) => [p, { name: p, type }])),
          }),
      trigger: { href: `${href}/activities/activity/${activityKey}/trigger/` },
    };
  }
  return {
    PKey: key,
    id: workflow.id,
    label: workflow.label,
    state: workflow.state,
    href,
    activities: { activity },
  };
}

function triggerSignal(
  ctx: RequestContext,
  workflow: Workflow,
  name: string,
  declared: Record<string, ParamType>,
): void {
  if (ctx.body.length > MAX_SIGNAL_PAYLOAD)
    throw new CampaignError(500, `${GENERIC} The signal payload exceeds 64 KB.`);
  const body = jsonBody(ctx);
  // [I] Adobe documents the text of the undeclared parameter only; the other refusals of a trigger
  // use the same frame.
  if (typeof body.source !== 'string' || body.source === '')
    throw triggerError("The 'source' parameter is mandatory.");
  const params = (body.parameters ?? {}) as Record<string, unknown>;
  if (typeof params !== 'object' || Array.isArray(params))
    throw new CampaignError(500, `${GENERIC} Invalid parameters.`);
  for (const [param, value] of Object.entries(params)) {
    const type = declared[param];
    if (!type) throw triggerError(`'${param}' parameter isn't defined in signal activity.`);
    if (!matchesType(value, type))
      throw triggerError(`The value of the '${param}' parameter is not of type '${type}'.`);
  }
  if (workflow.state !== 'started') throw triggerError(`The workflow '${workflow.id}' is not started.`);
  const last = workflow.lastTrigger.get(name);
  if (last !== undefined && ctx.now - last < COOLDOWN_MS) {
    // Real ACS answers the cooldown with a non-JSON text body starting with "T"; the status is
    // undocumented [I]: 429 with the seconds left, so clients can tell it from success.
    const wait = Math.ceil((COOLDOWN_MS - (ctx.now - last)) / 1000);
    sendText(
      ctx.res,
      429,
      `Too many calls: the signal activity '${name}' of workflow '${workflow.id}' can be triggered once every 10 minutes (last call ${formatTimestamp(last)}).`,
      { 'retry-after': String(wait) },
    );
    return;
  }
  workflow.lastTrigger.set(name, ctx.now);
  workflow.triggers++;
  // [I] The success body is undocumented: an empty JSON object.
  sendJson(ctx.res, 200, {});
}

function matchesType(value: unknown, type: ParamType): boolean {
  if (type === 'number')
    return (
      typeof value === 'number' ||
      (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
    );
  if (type === 'boolean') return typeof value === 'boolean' || value === 'true' || value === 'false';
  if (type === 'dateTime')
    return typeof value === 'string' && !Number.isNaN(Date.parse(value.replace(' ', 'T')));
  return typeof value === 'string';
}
