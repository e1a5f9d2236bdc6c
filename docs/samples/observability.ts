// A list of profiles traced and measured with OpenTelemetry, the spans and metrics printed by the
// SDK's console exporters. In production, swap the console exporters for OTLP ones; the client
// code does not change. Without @opentelemetry/api installed, none of this costs anything.
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';
import { metrics, trace } from '@opentelemetry/api';
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { ConsoleSpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';

// 1. The application's OpenTelemetry setup (usually in its own module, loaded first).
const tracerProvider = new NodeTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(new ConsoleSpanExporter())],
});
tracerProvider.register(); // also installs the context manager that carries the active span
const meterProvider = new MeterProvider({
  readers: [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter() })],
});
metrics.setGlobalMeterProvider(meterProvider);

// 2. The SDK: nothing to configure for tracing. The logger (console here; pino or winston work
// the same) gets token refreshes, retries and 429 back-offs; without one, only warnings show.
const logger = { info: (line: string) => console.log(`[acs] ${line}`), warn: console.warn };
const auth = fromEnvironment(process.env, { logger });
const client = createCampaignClient({
  auth,
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
  logger,
});

// 3. The application's own span: the SDK's spans (one per call, the token request under the
// first) become its children.
await trace.getTracer('nightly-sync').startActiveSpan('sync profiles', async (span) => {
  let count = 0;
  for await (const _profile of client.profiles.list({ pageSize: 20 })) count++;
  span.setAttribute('profiles', count);
  span.end();
  console.log(`${count} profiles read`);
});

// Flush what is buffered before the process ends.
await tracerProvider.shutdown();
await meterProvider.shutdown();
