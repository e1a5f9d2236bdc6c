import { appendFileSync, writeFileSync } from 'node:fs';
import { redact } from '@campaign-standard/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** What an exporter reports back (the type lives in @opentelemetry/core). */
type ExportResult = Parameters<Parameters<SpanExporter['export']>[1]>[0];

/** A run traced with `--trace <file>`: its commands run in a root span, its spans go to the file. */
export interface RunTrace {
  /** Runs a command body inside the run's root span (`acs <command>`). */
  run<T>(name: string, body: () => Promise<T>): Promise<T>;
  /** Writes what is left and unregisters the tracer provider. */
  close(): Promise<void>;
}

/** One span as a JSON line, in the fields (and units) of OpenTelemetry's console exporter. */
function spanLine(span: ReadableSpan): string {
  const info = {
    resource: { attributes: span.resource.attributes },
    instrumentationScope: span.instrumentationScope,
    traceId: span.spanContext().traceId,
    parentSpanContext: span.parentSpanContext,
    name: span.name,
    id: span.spanContext().spanId,
    kind: span.kind,
    timestamp: span.startTime[0] * 1_000_000 + Math.round(span.startTime[1] / 1000),
    duration: span.duration[0] * 1_000_000 + Math.round(span.duration[1] / 1000),
    attributes: span.attributes,
    status: span.status,
    events: span.events,
  };
  // The SDK's spans hold no secret; the redaction of --verbose runs anyway, on the whole line.
  return redact(JSON.stringify(info));
}

/** Appends each finished span to `path`, one JSON object per line, redacted. */
class FileSpanExporter implements SpanExporter {
  constructor(private readonly path: string) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    try {
      if (spans.length > 0) appendFileSync(this.path, `${spans.map(spanLine).join('\n')}\n`, { mode: 0o600 });
      done({ code: 0 });
    } catch (error) {
      done({ code: 1, error: error as Error });
    }
  }

  async shutdown(): Promise<void> {}
}

/**
 * Starts tracing a run into `path` (created or emptied, mode 0600): registers an OpenTelemetry
 * tracer provider and an async context manager, loaded only now, so that a run without `--trace`
 * loads none of it. The client and the strategies then make their spans as in any application.
 */
export async function startTrace(path: string, version: string): Promise<RunTrace> {
  writeFileSync(path, '', { mode: 0o600 });
  const [api, base, hooks] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/context-async-hooks'),
  ]);
  const provider = new base.BasicTracerProvider({
    spanProcessors: [new base.SimpleSpanProcessor(new FileSpanExporter(path))],
  });
  const contextManager = new hooks.AsyncLocalStorageContextManager().enable();
  api.context.setGlobalContextManager(contextManager);
  api.trace.setGlobalTracerProvider(provider);
  const tracer = provider.getTracer('@campaign-standard/cli', version);
  return {
    run: (name, body) =>
      tracer.startActiveSpan(name, async (span) => {
        try {
          return await body();
        } catch (error) {
          span.setStatus({ code: api.SpanStatusCode.ERROR });
          span.setAttribute(
            'error.type',
            (error as { code?: string })?.code ?? (error as Error)?.name ?? 'Error',
          );
          throw error;
        } finally {
          span.end();
        }
      }),
    async close() {
      await provider.shutdown();
      api.trace.disable();
      api.context.disable();
    },
  };
}
