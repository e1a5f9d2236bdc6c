import { METRIC_NAMES } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { type DataPoint, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRecords } from '../src/index.js';
import { emulatorClient } from './helpers.js';

class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

let emulator: Emulator;
const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const reader = new CollectingReader();
const meterProvider = new MeterProvider({ readers: [reader] });

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  emulator = await startEmulator({ profiles: 3 });
});
afterAll(async () => {
  await emulator?.stop();
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
  trace.disable();
  metrics.disable();
  context.disable();
});

describe('a bulk job with OpenTelemetry', () => {
  it('is one span with its counts, its calls under it, and its rows counted by state', async () => {
    const client = emulatorClient(emulator);
    const rows = [
      { email: 'otel-a@bulk.test', firstName: 'A' },
      { email: 'otel-b@bulk.test', firstName: 'B' },
      { email: 'otel-c@bulk.test', gender: 'robot' }, // not in the gender enumeration: refused
    ];
    const result = await importRecords({
      client,
      resource: 'profile',
      key: 'email',
      source: rows,
      journal: false,
      rejects: false,
    });
    expect(result.counts).toMatchObject({ created: 2, refused: 1 });

    const finished = spans.getFinishedSpans();
    const job = finished.find((span) => span.name === 'campaign.bulk importRecords')!;
    expect(job.attributes).toMatchObject({
      'campaign.bulk.operation': 'importRecords',
      'campaign.bulk.status': 'completed',
      'campaign.bulk.rows.created': 2,
      'campaign.bulk.rows.refused': 1,
    });
    const calls = finished.filter((span) => /^(GET|POST|PATCH) /.test(span.name));
    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (const call of calls) expect(call.parentSpanContext?.spanId).toBe(job.spanContext().spanId);

    const points = (await reader.collect()).resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .filter((metric) => metric.descriptor.name === METRIC_NAMES.bulkRows)
      .flatMap((metric) => metric.dataPoints as DataPoint<number>[]);
    const byState = Object.fromEntries(
      points.map((point) => [point.attributes['campaign.bulk.row.state'], point.value]),
    );
    expect(byState).toEqual({ created: 2, refused: 1 });
  });
});
