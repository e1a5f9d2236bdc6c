import type * as OpenTelemetryApi from '@opentelemetry/api';
import { redact } from './redact.js';

// OpenTelemetry is an optional peer dependency: `@opentelemetry/api` is imported lazily, once, the
// first time an SDK package asks for it, and everything here is a no-op while it is absent or not
// loaded yet. No type of `@opentelemetry/api` appears in a public signature, so an application
// without it compiles and runs as before.

type Api = typeof OpenTelemetryApi;

/** @internal A span or metric attribute value; `undefined` values are left out. */
export type TelemetryValue = string | number | boolean | undefined;
/** @internal Span or metric attributes. */
export type TelemetryAttributes = Readonly<Record<string, TelemetryValue>>;

/** The instrumentation scope of every span and metric of the SDK. */
export const TELEMETRY_SCOPE = '@campaign-standard/sdk';

/**
 * The names of the SDK's metrics (OpenTelemetry semantic conventions where one exists, else
 * `campaign.*`), documented in the observability guide.
 */
export const METRIC_NAMES = Object.freeze({
  /** Histogram, seconds: each HTTP request sent to Campaign (every attempt, retries included). */
  requestDuration: 'http.client.request.duration',
  /** Counter: requests sent again after a retryable answer or failure (429, 503, 504, network). */
  retries: 'campaign.client.retries',
  /** Counter: answers 429 Too Many Requests from Campaign. */
  throttled: 'campaign.client.throttled',
  /** Counter: 401 answers after which the client dropped its token and sent again. */
  reauthentications: 'campaign.client.reauthentications',
  /** Counter: access tokens fetched from IMS (`campaign.auth.outcome` success or error). */
  tokenRefreshes: 'campaign.auth.token.refreshes',
  /** Counter: token cache lookups (`campaign.auth.cache.result` hit or miss). */
  tokenCacheLookups: 'campaign.auth.token.cache.lookups',
  /** Counter: rows of bulk jobs by the state they ended in (`campaign.bulk.row.state`). */
  bulkRows: 'campaign.bulk.rows',
});

const COUNTERS: Readonly<Record<string, { unit: string; description: string }>> = {
  [METRIC_NAMES.retries]: { unit: '{retry}', description: 'Campaign requests sent again' },
  [METRIC_NAMES.throttled]: { unit: '{response}', description: 'Campaign answers 429 Too Many Requests' },
  [METRIC_NAMES.reauthentications]: {
    unit: '{reauthentication}',
    description: 'Tokens dropped after a 401, the request sent again',
  },
  [METRIC_NAMES.tokenRefreshes]: { unit: '{token}', description: 'Access tokens fetched from IMS' },
};

/**
 * Counters that move on every call or row: kept as in-memory tallies by attribute set and read by
 * an observable counter when the application's reader collects, so the hot path makes no call
 * into the OpenTelemetry SDK (which hashes the attributes of every `add`). Exported the same way
 * as a counter: a monotonic sum per attribute set.
 */
const TALLIED: Readonly<Record<string, { unit: string; description: string }>> = {
  [METRIC_NAMES.tokenCacheLookups]: { unit: '{lookup}', description: 'Token cache lookups' },
  [METRIC_NAMES.bulkRows]: { unit: '{row}', description: 'Rows of bulk jobs, by final state' },
};

/** Buckets of the request duration histogram, seconds (the HTTP semantic conventions' advice). */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

const SPECIFIER = '@opentelemetry/api';
const VERSION = '0.1.0';

let api: Api | null | undefined;
let loading: Promise<void> | undefined;

/**
 * @internal Starts loading `@opentelemetry/api` (once per copy of core) and resolves when it is
 * loaded or known to be absent. Never rejects.
 */
export function loadTelemetry(): Promise<void> {
  if (api !== undefined) return Promise.resolve();
  loading ??= (async () => {
    try {
      // A specifier in a variable: bundlers leave an absent optional peer alone.
      const specifier = SPECIFIER;
      const loaded = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as Api & {
        default?: Api;
      };
      api = loaded.trace ? loaded : (loaded.default ?? null);
    } catch {
      api = null;
    }
  })();
  return loading;
}

/** @internal Whether `@opentelemetry/api` was found (`undefined` while it is still loading). */
export function telemetryLoaded(): boolean | undefined {
  return api === undefined ? undefined : api !== null;
}

/**
 * Attributes without their `undefined` values; strings through `redact` when they may hold text
 * from outside the SDK (event details). The SDK's own attributes (method, URL template, status,
 * error code) never hold a secret and are not scanned on every call. An object with nothing to
 * leave out or scan is passed on as it is (no copy per call): callers hand over objects they do
 * not change afterwards (the client's are frozen and cached).
 */
function clean(
  attributes: TelemetryAttributes | undefined,
  scan = false,
): OpenTelemetryApi.Attributes | undefined {
  if (!attributes) return undefined;
  let copy = false;
  for (const name in attributes) {
    const value = attributes[name];
    if (value === undefined || (scan && typeof value === 'string')) {
      copy = true;
      break;
    }
  }
  if (!copy) return attributes as OpenTelemetryApi.Attributes;
  const out: OpenTelemetryApi.Attributes = {};
  for (const name of Object.keys(attributes)) {
    const value = attributes[name];
    if (value === undefined) continue;
    out[name] = scan && typeof value === 'string' ? redact(value) : value;
  }
  return out;
}

/** @internal One span of the SDK; every method is safe to call after `end`. */
export interface SdkSpan {
  /** Whether the span records (an OpenTelemetry SDK is registered and samples it). */
  readonly recording: boolean;
  /** Sets attributes (the SDK's own values, never text from outside). */
  set(attributes: TelemetryAttributes): void;
  /** Adds an event (strings redacted). */
  event(name: string, attributes?: TelemetryAttributes): void;
  /** Marks the span failed: `error.type`, and an `exception` event with a redacted message. */
  fail(error: unknown, type?: string): void;
  /** Ends the span. */
  end(): void;
  /** Runs `fn` with this span as the active one, so spans started inside are its children. */
  run<T>(fn: () => T): T;
}

/** @internal The span kinds the SDK uses. */
export type SdkSpanKind = 'client' | 'internal';

let tracerCache: { provider: unknown; tracer: OpenTelemetryApi.Tracer } | undefined;

function tracerOf(otel: Api): OpenTelemetryApi.Tracer {
  const provider = otel.trace.getTracerProvider();
  if (tracerCache?.provider !== provider) {
    tracerCache = { provider, tracer: provider.getTracer(TELEMETRY_SCOPE, VERSION) };
  }
  return tracerCache.tracer;
}

/** @internal The error's SDK code or class name, for `error.type`. */
export function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return error instanceof Error ? error.name : 'Error';
}

/** @internal `server.address` and `server.port` of a URL, the port made explicit as the conventions ask. */
export function serverAttributes(url: URL): { 'server.address': string; 'server.port': number } {
  return {
    'server.address': url.hostname,
    'server.port': Number(url.port) || (url.protocol === 'http:' ? 80 : 443),
  };
}

/** The API's no-op tracer provider (what a proxy provider delegates to while no SDK is registered). */
let noopTracerProvider: unknown;

/**
 * @internal Whether spans can record: `@opentelemetry/api` is loaded and a tracer provider is
 * registered (a provider of another copy of the API counts as registered).
 */
export function tracingActive(): boolean {
  const otel = api;
  if (!otel) return false;
  const provider = otel.trace.getTracerProvider() as { getDelegate?: () => unknown };
  if (typeof provider.getDelegate !== 'function') return true;
  noopTracerProvider ??= new otel.ProxyTracerProvider().getDelegate();
  return provider.getDelegate() !== noopTracerProvider;
}

/**
 * @internal Starts a span, a child of the caller's active span, or returns `undefined` when
 * OpenTelemetry is absent (or not loaded yet) or no tracer provider is registered.
 */
export function startSdkSpan(
  name: string,
  kind: SdkSpanKind,
  attributes?: TelemetryAttributes,
): SdkSpan | undefined {
  const otel = api;
  if (!otel || !tracingActive()) return undefined;
  const parent = otel.context.active();
  const span = tracerOf(otel).startSpan(
    name,
    {
      kind: kind === 'client' ? otel.SpanKind.CLIENT : otel.SpanKind.INTERNAL,
      attributes: clean(attributes),
    },
    parent,
  );
  return new RecordedSpan(otel, span, parent);
}

/** The span of {@link startSdkSpan}: methods on the prototype, no closure made per span. */
class RecordedSpan implements SdkSpan {
  readonly recording: boolean;
  #active: OpenTelemetryApi.Context | undefined;

  constructor(
    private readonly otel: Api,
    private readonly span: OpenTelemetryApi.Span,
    private readonly parent: OpenTelemetryApi.Context,
  ) {
    this.recording = span.isRecording();
  }

  set(values: TelemetryAttributes): void {
    if (this.recording) this.span.setAttributes(clean(values) ?? {});
  }

  event(eventName: string, values?: TelemetryAttributes): void {
    if (this.recording) this.span.addEvent(eventName, clean(values, true));
  }

  fail(error: unknown, type: string = errorType(error)): void {
    if (!this.recording) return;
    const { span } = this;
    span.setAttribute('error.type', type);
    const message = error instanceof Error ? error.message : String(error);
    span.addEvent('exception', {
      'exception.type': error instanceof Error ? error.name : typeof error,
      'exception.message': redact(message),
    });
    span.setStatus({ code: this.otel.SpanStatusCode.ERROR });
  }

  end(): void {
    this.span.end();
  }

  run<T>(fn: () => T): T {
    this.#active ??= this.otel.trace.setSpan(this.parent, this.span);
    return this.otel.context.with(this.#active, fn);
  }
}

/** @internal The SDK's metric instruments. */
export interface SdkMetrics {
  /** Adds to one of the counters of {@link METRIC_NAMES}. */
  add(name: string, value: number, attributes?: TelemetryAttributes): void;
  /**
   * Adds one to a counter that moves on every call or row (`tokenCacheLookups`, `bulkRows`),
   * by a frozen attribute set the caller keeps and passes again (the set itself is the key).
   */
  tally(name: string, attributes: TelemetryAttributes): void;
  /** Records a request duration, in seconds. */
  duration(seconds: number, attributes?: TelemetryAttributes): void;
}

let metricsCache: { provider: unknown; metrics: SdkMetrics | undefined } | undefined;

/** A counter read at collection from tallies by attribute set. */
function talliedCounter(
  meter: OpenTelemetryApi.Meter,
  name: string,
  options: { unit: string; description: string },
): Map<TelemetryAttributes, number> {
  const tallies = new Map<TelemetryAttributes, number>();
  meter.createObservableCounter(name, options).addCallback((result) => {
    for (const [attributes, count] of tallies) result.observe(count, clean(attributes));
  });
  return tallies;
}

/**
 * @internal The SDK's instruments on the global meter provider, or `undefined` when
 * OpenTelemetry is absent (or not loaded yet) or no meter provider is registered. Instruments are
 * made again when the provider changes (the metrics API has no proxy provider); tallies start
 * from zero with them, as a new provider's counters do.
 */
export function sdkMetrics(): SdkMetrics | undefined {
  const otel = api;
  if (!otel) return undefined;
  const provider = otel.metrics.getMeterProvider();
  if (metricsCache?.provider === provider) return metricsCache.metrics;
  const meter = provider.getMeter(TELEMETRY_SCOPE, VERSION);
  if (meter === otel.createNoopMeter()) {
    metricsCache = { provider, metrics: undefined };
    return undefined;
  }
  const counters = new Map<string, OpenTelemetryApi.Counter>();
  for (const [name, options] of Object.entries(COUNTERS)) {
    counters.set(name, meter.createCounter(name, options));
  }
  const tallied = new Map<string, Map<TelemetryAttributes, number>>();
  for (const [name, options] of Object.entries(TALLIED)) {
    tallied.set(name, talliedCounter(meter, name, options));
  }
  const histogram = meter.createHistogram(METRIC_NAMES.requestDuration, {
    unit: 's',
    description: 'Duration of HTTP requests sent to Campaign',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  /** Attribute sets given to `add` for a tallied counter, one object per distinct set. */
  const interned = new Map<string, TelemetryAttributes>();
  const count = (name: string, value: number, attributes: TelemetryAttributes): void => {
    const tallies = tallied.get(name);
    tallies?.set(attributes, (tallies.get(attributes) ?? 0) + value);
  };
  const metrics: SdkMetrics = {
    add(name, value, attributes = {}) {
      if (!tallied.has(name)) {
        counters.get(name)?.add(value, clean(attributes));
        return;
      }
      const key = JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : 1)));
      let shared = interned.get(key);
      if (!shared) {
        shared = Object.freeze({ ...attributes });
        interned.set(key, shared);
      }
      count(name, value, shared);
    },
    tally(name, attributes) {
      count(name, 1, attributes);
    },
    duration(seconds, attributes) {
      histogram.record(seconds, clean(attributes));
    },
  };
  metricsCache = { provider, metrics };
  return metrics;
}
