#!/usr/bin/env node
// `pnpm --filter @campaign-standard/bench run bench:otel-inprocess [--no-context]`: what the
// client's own instrumentation costs, without a network. In one process with an OpenTelemetry SDK
// registered (batch processor, no-op exporter, idle meter reader, and OpenTelemetry's context
// manager unless --no-context), two clients, `telemetry: false` and the default, send GETs to a
// `fetch` that answers at once, with a token cache whose token never expires, in blocks taken in
// turn; the CPU per GET of each is the median of its blocks. Then the OpenTelemetry SDK's own
// operations of one call (a client span with its attributes, the span made active around a
// counter add, a histogram record, a status attribute, the span's end) alone in a loop: the part
// of the ratio that is the SDK's, whatever the client does.
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCampaignClient } from '@campaign-standard/client';
import { createTokenCache } from '@campaign-standard/core';
import { context, metrics, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

class IdleReader extends MetricReader {
  async onShutdown() {}
  async onForceFlush() {}
}

const noopExporter = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
const BODY = JSON.stringify({ PKey: '@abc', firstName: 'Ann', email: 'ann@example.com' });

/** A client whose calls never leave the process. */
function offlineClient(telemetry) {
  const cache = createTokenCache({
    key: () => 'bench',
    fetchToken: async () => ({
      token: 'bench-token',
      tokenType: 'bearer',
      expiresOnTimestamp: Date.now() + 3_600_000,
    }),
  });
  return createCampaignClient({
    auth: {
      kind: 'bench',
      clientId: 'bench',
      orgId: 'bench@AdobeOrg',
      getToken: (options) => cache.getToken(options),
      invalidate: (token) => cache.invalidate(token),
    },
    tenant: 'tenant',
    baseUrl: 'https://mc.adobe.io',
    telemetry,
    fetch: async () => new Response(BODY, { status: 200, headers: { 'content-type': 'application/json' } }),
  });
}

/**
 * Runs both measures and returns the CPU per GET of each client (median of `blocks`), their
 * ratio, and the SDK's operations per call alone.
 *
 * @param {{ contextManager?: boolean, blocks?: number, block?: number, concurrency?: number }} [size]
 */
export async function otelInProcess(size = {}) {
  const { contextManager = true, blocks = 30, block = 1000, concurrency = 16 } = size;
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(noopExporter)] });
  if (contextManager) context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  const meterProvider = new MeterProvider({ readers: [new IdleReader()] });
  metrics.setGlobalMeterProvider(meterProvider);

  const clients = { off: offlineClient(false), traced: offlineClient(undefined) };
  const drive = async (client, total) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          next++;
          await client.profiles.get('@abc');
        }
      }),
    );
  };
  for (const client of Object.values(clients)) await drive(client, 3 * block);
  await tracerProvider.forceFlush();
  const names = Object.keys(clients);
  const samples = { off: [], traced: [] };
  for (let round = 0; round < blocks; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length];
      const cpu0 = process.cpuUsage();
      await drive(clients[name], block);
      await tracerProvider.forceFlush(); // the spans' export is part of the cost
      const cpu = process.cpuUsage(cpu0);
      samples[name].push((cpu.user + cpu.system) / block);
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const cpuPerGetUs = { off: median(samples.off), traced: median(samples.traced) };

  // the SDK's operations of one traced call, nothing else
  const tracer = tracerProvider.getTracer('bench');
  const meter = meterProvider.getMeter('bench');
  const histogram = meter.createHistogram('bench.duration');
  const counter = meter.createCounter('bench.lookups');
  const attributes = Object.freeze({
    'http.request.method': 'GET',
    'server.address': 'mc.adobe.io',
    'server.port': 443,
    'url.template': '/profileAndServices/profile/{PKey}',
  });
  const spanAttributes = Object.freeze({ ...attributes, 'campaign.tenant': 'tenant' });
  const duration = Object.freeze({ ...attributes, 'http.response.status_code': 200 });
  const hit = Object.freeze({ 'campaign.auth.cache.result': 'hit' });
  const status = Object.freeze({ 'http.response.status_code': 200 });
  const once = () => {
    const parent = context.active();
    const span = tracer.startSpan(
      'GET /profileAndServices/profile/{PKey}',
      { kind: SpanKind.CLIENT, attributes: spanAttributes },
      parent,
    );
    context.with(trace.setSpan(parent, span), () => counter.add(1, hit));
    histogram.record(0.001, duration);
    span.setAttributes(status);
    span.end();
  };
  const loops = blocks * block * 2;
  for (let i = 0; i < loops / 10; i++) once();
  await tracerProvider.forceFlush();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < loops; i++) {
    once();
    if (i % block === 0) await tracerProvider.forceFlush();
  }
  await tracerProvider.forceFlush();
  const cpu = process.cpuUsage(cpu0);
  const sdkOpsPerCallUs = (cpu.user + cpu.system) / loops;

  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  return {
    contextManager,
    blocks,
    block,
    cpuPerGetUs,
    ratio: cpuPerGetUs.traced / cpuPerGetUs.off,
    sdkOpsPerCallUs,
    sdkOpsShare: sdkOpsPerCallUs / cpuPerGetUs.off,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { 'no-context': { type: 'boolean' }, quick: { type: 'boolean' } },
  });
  const result = await otelInProcess({
    contextManager: !values['no-context'],
    ...(values.quick ? { blocks: 4, block: 200 } : {}),
  });
  console.log(JSON.stringify(result, null, 2));
}
