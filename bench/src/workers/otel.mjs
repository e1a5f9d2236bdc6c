// The OpenTelemetry series: N GETs of one profile at a fixed concurrency, after a warm-up, with
// `mode` 'absent' (no @opentelemetry package resolvable: run with lib/hide-otel.mjs), 'api' (the
// API installed, no SDK registered), 'sdk' (a tracer provider with a batch processor and a no-op
// exporter, an async context manager, and a meter provider whose reader is never collected),
// 'sdk-no-context' (the same without the context manager) or 'context' (the context manager alone).
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
if (mode === 'sdk' || mode === 'sdk-no-context') {
  const { context, metrics, trace } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { BasicTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics');
  const noop = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(noop)] });
  if (mode === 'sdk') context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  class IdleReader extends MetricReader {
    async onShutdown() {}
    async onForceFlush() {}
  }
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [new IdleReader()] }));
  flush = () => tracerProvider.forceFlush();
}

const client = createOurClient(emulator);
const get = () => client.profiles.get(pkey);

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
