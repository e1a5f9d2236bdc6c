import { loadTelemetry } from '@campaign-standard/core';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  type DataPoint,
  type Histogram,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A reader that collects on demand. */
class CollectingReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** The OpenTelemetry SDK of a test: spans kept in memory, metrics collected on demand. */
export interface TestOtel {
  readonly spans: InMemorySpanExporter;
  /** The finished spans. */
  finished(): ReadableSpan[];
  /** The data points of one metric, collected now. */
  points(name: string): Promise<DataPoint<number | Histogram>[]>;
  /** Every attribute, event and metric attribute of everything recorded, as text. */
  everything(): Promise<string>;
  /** Forgets the spans (metrics are cumulative). */
  reset(): void;
  uninstall(): Promise<void>;
}

/** Registers a tracer provider, a meter provider and an async context manager, globally. */
export async function installOtel(): Promise<TestOtel> {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(tracerProvider);
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(meterProvider);
  await loadTelemetry();

  const collect = async (): Promise<ResourceMetrics> => (await reader.collect()).resourceMetrics;
  return {
    spans,
    finished: () => spans.getFinishedSpans(),
    async points(name) {
      const found = (await collect()).scopeMetrics.flatMap((scope) => scope.metrics);
      return found
        .filter((metric) => metric.descriptor.name === name)
        .flatMap((metric) => metric.dataPoints as DataPoint<number | Histogram>[]);
    },
    async everything() {
      const parts: string[] = [];
      for (const span of spans.getFinishedSpans()) {
        parts.push(span.name, JSON.stringify(span.attributes), JSON.stringify(span.status));
        for (const event of span.events) parts.push(event.name, JSON.stringify(event.attributes ?? {}));
      }
      for (const scope of (await collect()).scopeMetrics)
        for (const metric of scope.metrics)
          for (const point of metric.dataPoints)
            parts.push(metric.descriptor.name, JSON.stringify(point.attributes));
      return parts.join('\n');
    },
    reset: () => spans.reset(),
    async uninstall() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      metrics.disable();
      context.disable();
    },
  };
}

/** A logger that keeps every line, by level. */
export function memoryLogger(): {
  lines: string[];
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
} {
  const lines: string[] = [];
  const at = (level: string) => (message: string) => {
    lines.push(`${level} ${message}`);
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
