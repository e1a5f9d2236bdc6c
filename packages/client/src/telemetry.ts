import {
  type CampaignInstance,
  errorType,
  type Logger,
  loadTelemetry,
  METRIC_NAMES,
  type SdkSpan,
  sdkLog,
  sdkMetrics,
  serverAttributes,
  startSdkSpan,
  type TelemetryAttributes,
  telemetryLoaded,
  tracingActive,
} from '@campaign-standard/core';
import type { Method } from './method.js';
import { errorFromBody, readBody } from './response.js';
import { basePathOf } from './url.js';
import type { WholeAnswer } from './whole-body.js';

/** The SDK error an error answer maps to (as the call's `error` will be), for the span. */
function errorOf(answer: WholeAnswer): Error {
  const { response } = answer;
  return errorFromBody(response, readBody(response, answer.body), {
    method: '',
    url: response.url,
    tenantPath: '',
  });
}

// Spans and metrics of the client's calls (OpenTelemetry HTTP client conventions), through core's
// lazily loaded `@opentelemetry/api`: while it is absent every function here returns at once.

/** The path templates the client built URLs from (`/profileAndServices/profile/{PKey}`). */
const templates = new WeakMap<URL, string>();

/** The templates as written in the code, with one leading slash (computed once each). */
const normalised = new Map<string, string>();
/** Bound of {@link normalised}: the code has a few dozen templates; custom resources add theirs. */
const NORMALISED_MAX = 1000;

/**
 * Remembers the template a URL was built from, for its span's name and `url.template` (only once
 * OpenTelemetry is loaded: nothing is kept otherwise).
 */
export function rememberTemplate(url: URL, template: string): URL {
  if (!telemetryLoaded()) return url;
  let known = normalised.get(template);
  if (known === undefined) {
    known = `/${template.replace(/^\/+/, '')}`;
    if (normalised.size < NORMALISED_MAX) normalised.set(template, known);
  }
  templates.set(url, known);
  return url;
}

/**
 * The low-cardinality template of a URL of the instance: the one it was built from, else its path
 * under the instance's base with every record key (`@…`) as `{PKey}`. The query (filter values,
 * cursors) and the tenant are left out: they are either personal data or on the span already.
 */
export function urlTemplate(instance: CampaignInstance, url: URL): string {
  const known = templates.get(url);
  if (known) return known;
  const base = basePathOf(instance.baseUrl).replace(/\/+$/, '');
  const path = url.pathname.startsWith(`${base}/`) ? url.pathname.slice(base.length) : url.pathname;
  return path.replace(/\/@[^/]*/g, '/{PKey}').replace(/(.)\/+$/, '$1');
}

/**
 * @internal What every call of one method on one URL template shares, built once per client: the
 * span's name and attributes, and the metric attribute sets (frozen, so the OpenTelemetry SDK can
 * keep them as they are instead of a copy per call).
 */
export interface Route {
  readonly template: string;
  readonly spanName: string;
  readonly spanAttributes: TelemetryAttributes;
  readonly attributes: TelemetryAttributes;
  /** The request duration's attributes by status (`error.type` of a 4xx/5xx included). */
  readonly durations: Map<number, TelemetryAttributes>;
}

/** Bound of a client's routes (method × template; pages and custom resources add some). */
const ROUTES_MAX = 1000;

/** `http.response.status_code` attribute sets, one per status seen. */
const statusAttributes = new Map<number, TelemetryAttributes>();

function statusAttribute(status: number): TelemetryAttributes {
  let attributes = statusAttributes.get(status);
  if (!attributes) {
    attributes = Object.freeze({ 'http.response.status_code': status });
    statusAttributes.set(status, attributes);
  }
  return attributes;
}

/** What the transport reports of one call: events on its span, attributes of its metrics. */
export interface CallTelemetry {
  /** The call's span, when one records. */
  readonly span?: SdkSpan | undefined;
  /** `url.template` of the call. */
  readonly template: string;
  /** The attributes every metric of the call carries (method, server, template). */
  readonly attributes: TelemetryAttributes;
  /** @internal The shared attribute sets of the call's method and template. */
  readonly route?: Route | undefined;
}

/** A client's telemetry: loading state and where its calls' spans start. */
export interface ClientTelemetry {
  /** Pending while `@opentelemetry/api` is being loaded; `undefined` once it is known. */
  pending: Promise<void> | undefined;
  /** Starts a call's span and metric attributes (`undefined` when OpenTelemetry is absent). */
  start(method: Method, url: URL): CallTelemetry | undefined;
}

/** Telemetry of one client (`enabled` false: nothing is loaded and no span is made). */
export function createClientTelemetry(instance: CampaignInstance, enabled: boolean): ClientTelemetry {
  const server = serverAttributes(new URL(instance.origin));
  /** Routes by method, then template. */
  const routes = new Map<string, Map<string, Route>>();
  let routeCount = 0;
  const routeOf = (method: Method, template: string): Route => {
    let byTemplate = routes.get(method);
    if (!byTemplate) {
      byTemplate = new Map();
      routes.set(method, byTemplate);
    }
    const known = byTemplate.get(template);
    if (known) return known;
    const attributes = Object.freeze({ 'http.request.method': method, ...server, 'url.template': template });
    const route: Route = {
      template,
      spanName: `${method} ${template}`,
      spanAttributes: Object.freeze({ ...attributes, 'campaign.tenant': instance.tenantPath }),
      attributes,
      durations: new Map(),
    };
    if (routeCount < ROUTES_MAX) {
      byTemplate.set(template, route);
      routeCount++;
    }
    return route;
  };
  const telemetry: ClientTelemetry = {
    pending: undefined,
    start(method, url) {
      // Nothing is built unless an OpenTelemetry SDK registered a tracer or a meter provider.
      if (!enabled || !telemetryLoaded()) return undefined;
      const tracing = tracingActive();
      if (!tracing && !sdkMetrics()) return undefined;
      const route = routeOf(method, urlTemplate(instance, url));
      const span = tracing ? startSdkSpan(route.spanName, 'client', route.spanAttributes) : undefined;
      return { span, template: route.template, attributes: route.attributes, route };
    },
  };
  if (enabled) {
    telemetry.pending = loadTelemetry().then(() => {
      telemetry.pending = undefined;
    });
  }
  return telemetry;
}

/**
 * Ends a call's span: with the final answer's status (and, for an error answer, Campaign's error
 * code and the SDK error it maps to), or with the error the call threw.
 */
export function endCall(call: CallTelemetry, answer: WholeAnswer | undefined, thrown: unknown): void {
  const { span } = call;
  if (!span) return;
  if (!answer) {
    span.fail(thrown);
    span.end();
    return;
  }
  const { status } = answer.response;
  span.set(statusAttribute(status));
  if (status >= 400) {
    const error = errorOf(answer);
    const code = (error as { errorCode?: unknown }).errorCode;
    if (typeof code === 'string') span.set({ 'campaign.error_code': code });
    span.fail(error, String(status));
  }
  span.end();
}

/** What happened to an attempt that is sent again. */
export interface Resend {
  readonly kind: 'retry' | 'reauthenticate';
  /** The retry about to be made (1 for the first). */
  readonly attempt: number;
  readonly delayMs: number;
  /** The answer's status, or the failure. */
  readonly status?: number | undefined;
  readonly error?: unknown;
}

/**
 * Reports a resend: an event on the call's span, the retry and re-authentication counters,
 * and a line for the logger (`debug` for a retry, `info` for a 429 back-off or a re-authentication).
 */
export function reportResend(
  call: CallTelemetry | undefined,
  logger: Logger | undefined,
  method: Method,
  describe: () => string,
  resend: Resend,
): void {
  const { kind, attempt, delayMs, status, error } = resend;
  const reason = status !== undefined ? String(status) : errorType(error);
  if (call) {
    call.span?.event(kind === 'retry' ? 'campaign.retry' : 'campaign.reauthenticate', {
      'http.request.resend_count': attempt,
      'http.response.status_code': status,
      'error.type': status === undefined ? reason : undefined,
      'campaign.retry.delay_ms': kind === 'retry' ? delayMs : undefined,
    });
    const metrics = sdkMetrics();
    if (metrics) {
      if (kind === 'retry')
        metrics.add(METRIC_NAMES.retries, 1, { ...call.attributes, 'error.type': reason });
      else metrics.add(METRIC_NAMES.reauthentications, 1, call.attributes);
    }
  }
  if (!logger) return;
  if (kind === 'reauthenticate') {
    sdkLog(
      logger,
      'info',
      `${method} ${describe()} was refused (401): fetching a new token and sending again`,
    );
  } else if (status === 429) {
    sdkLog(
      logger,
      'info',
      `${method} ${describe()} throttled (429): backing off ${delayMs} ms (retry ${attempt})`,
    );
  } else {
    sdkLog(
      logger,
      'debug',
      `${method} ${describe()} failed (${reason}): retrying after ${delayMs} ms (retry ${attempt})`,
    );
  }
}

/** Records one attempt's duration in `http.client.request.duration`, and a 429 in its counter. */
export function recordAttempt(
  call: CallTelemetry | undefined,
  startedAt: number,
  status: number | undefined,
  error: unknown,
): void {
  if (!call) return;
  const metrics = sdkMetrics();
  if (!metrics) return;
  if (status === 429) metrics.add(METRIC_NAMES.throttled, 1, call.attributes);
  const seconds = (performance.now() - startedAt) / 1000;
  if (status === undefined) {
    // a failure without an answer: its error type varies, no set is kept
    metrics.duration(seconds, { ...call.attributes, 'error.type': errorType(error) });
    return;
  }
  const durations = call.route?.durations;
  let attributes = durations?.get(status);
  if (!attributes) {
    // no `undefined` value: the set is handed to the SDK as it is
    attributes = Object.freeze(
      status >= 400
        ? { ...call.attributes, 'http.response.status_code': status, 'error.type': String(status) }
        : { ...call.attributes, 'http.response.status_code': status },
    );
    durations?.set(status, attributes);
  }
  metrics.duration(seconds, attributes);
}
