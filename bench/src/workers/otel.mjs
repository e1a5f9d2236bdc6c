// The OpenTelemetry series: N GETs of one profile at a fixed concurrency, after a warm-up, with
// `mode` 'absent' (no @opentelemetry package resolvable: run with lib/hide-otel.mjs), 'api' (the
// API installed, no SDK registered), 'sdk' (a tracer provider with a batch processor and a no-op
// exporter, an async context manager, and a meter provider whose reader is never collected),
// 'sdk-no-context' (the same without the context manager), 'sdk-untraced' (that SDK registered, the
// client made with `telemetry: false`: the SDK's presence without our instrumentation), 'sdk-ops'
// (that, plus the OpenTelemetry SDK operations a traced call makes, done by hand after each GET: a
// client span with our attributes, a status attribute, its end and a duration record; the floor any
// instrumentation recording those stands on), 'sdk-unsampled' (as 'sdk-no-context' with a sampler
// that records no span: the duration histogram and the client's own work remain) or 'context' (the
// context manager alone).
import { createOurClient } from '../lib/ours.mjs';
import { input, report } from './io.mjs';

const { mode, requests, warmup, concurrency, emulator, pkey } = input;

let flush = async () => {};
if (mode === 'context') {
  // only OpenTelemetry's async context manager (AsyncLocalStorage), no SDK: its share of the cost
  const { context } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}
const UNTRACED = new Set(['sdk-untraced', 'sdk-ops']);
if (mode.startsWith('sdk')) {
  const { context, metrics, trace } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { AlwaysOffSampler, BasicTracerProvider, BatchSpanProcessor } = await import(
    '@opentelemetry/sdk-trace-base'
  );
  const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics');
  const noop = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(noop)],
    ...(mode === 'sdk-unsampled' ? { sampler: new AlwaysOffSampler() } : {}),
  });
  if (mode === 'sdk') context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  class IdleReader extends MetricReader {
    async onShutdown() {}
    async onForceFlush() {}
  }
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new IdleReader()] }));
  flush = () => tracerProvider.forceFlush();
}

const client = createOurClient(emulator, 'oauth', {}, UNTRACED.has(mode) ? { telemetry: false } : {});
const get =
  mode === 'sdk-ops'
    ? await withSdkOperations(() => client.profiles.get(pkey))
    : () => client.profiles.get(pkey);

/** `call`, then the OpenTelemetry SDK operations of one traced call, with the client's attribute sets. */
async function withSdkOperations(call) {
  const { context, metrics, SpanKind, trace } = await import('@opentelemetry/api');
  const tracer = trace.getTracer('bench');
  const histogram = metrics.getMeter('bench').createHistogram('bench.duration', { unit: 's' });
  const server = new URL(emulator.baseUrl);
  const attributes = Object.freeze({
    'http.request.method': 'GET',
    'server.address': server.hostname,
    'server.port': Number(server.port),
    'url.template': '/profileAndServices/profile/{PKey}',
  });
  const spanAttributes = Object.freeze({ ...attributes, 'campaign.tenant': emulator.credentials.tenant });
  const duration = Object.freeze({ ...attributes, 'http.response.status_code': 200 });
  const status = Object.freeze({ 'http.response.status_code': 200 });
  return async () => {
    const started = performance.now();
    const result = await call();
    const span = tracer.startSpan(
      'GET /profileAndServices/profile/{PKey}',
      { kind: SpanKind.CLIENT, attributes: spanAttributes },
      context.active(),
    );
    histogram.record((performance.now() - started) / 1000, duration);
    span.setAttributes(status);
    span.end();
    return result;
  };
}

async function drive(total) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        await get();
      }
    }),
  );
}

await drive(warmup);
await flush();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await drive(requests);
await flush(); // the spans' export is part of the cost
const elapsedMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
report({ mode, requests, elapsedMs, cpuPerGetUs: (cpu.user + cpu.system) / requests });
