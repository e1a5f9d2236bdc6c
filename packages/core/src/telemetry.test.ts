import { metrics, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  loadTelemetry,
  METRIC_NAMES,
  sdkMetrics,
  startSdkSpan,
  telemetryLoaded,
  tracingActive,
} from './telemetry.js';

afterEach(() => {
  trace.disable();
  metrics.disable();
});

describe('telemetry through @opentelemetry/api', () => {
  it('loads the API once, and does nothing while no tracer or meter provider is registered', async () => {
    await loadTelemetry();
    expect(telemetryLoaded()).toBe(true);
    expect(tracingActive()).toBe(false);
    expect(startSdkSpan('x', 'client')).toBeUndefined();
    expect(sdkMetrics()).toBeUndefined();
  });

  it('uses the providers once registered: instruments with the documented names', async () => {
    await loadTelemetry();
    const made: string[] = [];
    const added: Array<[string, number, unknown]> = [];
    const instrument = (name: string) => {
      made.push(name);
      return {
        add: (value: number, attributes: unknown) => added.push([name, value, attributes]),
        record: (value: number, attributes: unknown) => added.push([name, value, attributes]),
      };
    };
    const observable = (name: string) => {
      made.push(name);
      return { addCallback: () => {} };
    };
    metrics.setGlobalMeterProvider({
      getMeter: () =>
        ({
          createCounter: instrument,
          createHistogram: instrument,
          createObservableCounter: observable,
        }) as never,
    });
    const instruments = sdkMetrics();
    expect(instruments).toBeDefined();
    expect(made.sort()).toEqual(Object.values(METRIC_NAMES).sort());
    instruments!.add(METRIC_NAMES.retries, 1, { 'error.type': '429', skipped: undefined });
    instruments!.duration(0.25, { 'http.response.status_code': 200 });
    expect(added).toEqual([
      [METRIC_NAMES.retries, 1, { 'error.type': '429' }],
      [METRIC_NAMES.requestDuration, 0.25, { 'http.response.status_code': 200 }],
    ]);

    const started: string[] = [];
    trace.setGlobalTracerProvider({
      getTracer: () =>
        ({
          startSpan: (name: string) => {
            started.push(name);
            return trace.wrapSpanContext({ traceId: '1'.repeat(32), spanId: '2'.repeat(16), traceFlags: 1 });
          },
        }) as never,
    });
    expect(tracingActive()).toBe(true);
    const span = startSdkSpan('GET /x', 'client');
    expect(span).toBeDefined();
    span!.end();
    expect(started).toEqual(['GET /x']);
  });

  it('tallies the per-call counters in memory and reports them when the reader collects', async () => {
    await loadTelemetry();
    const callbacks = new Map<string, (result: { observe: (n: number, a: unknown) => void }) => void>();
    const provider = () => ({
      getMeter: () =>
        ({
          createCounter: () => ({ add: () => {} }),
          createHistogram: () => ({ record: () => {} }),
          createObservableCounter: (name: string) => ({
            addCallback: (callback: never) => callbacks.set(name, callback),
          }),
        }) as never,
    });
    const collect = (name: string) => {
      const points: Array<[number, unknown]> = [];
      callbacks.get(name)!({ observe: (n, a) => points.push([n, a]) });
      return points;
    };
    metrics.setGlobalMeterProvider(provider());
    const instruments = sdkMetrics()!;
    const hit = Object.freeze({ 'campaign.auth.cache.result': 'hit' });
    for (let i = 0; i < 3; i++) instruments.tally(METRIC_NAMES.tokenCacheLookups, hit);
    // equal sets given to `add` as new objects are one series, not one per call
    instruments.add(METRIC_NAMES.tokenCacheLookups, 1, { 'campaign.auth.cache.result': 'miss' });
    instruments.add(METRIC_NAMES.tokenCacheLookups, 2, { 'campaign.auth.cache.result': 'miss' });
    expect(collect(METRIC_NAMES.tokenCacheLookups)).toEqual([
      [3, { 'campaign.auth.cache.result': 'hit' }],
      [3, { 'campaign.auth.cache.result': 'miss' }],
    ]);
    expect(collect(METRIC_NAMES.bulkRows)).toEqual([]);

    // a new provider counts from zero, as its own counters would
    metrics.disable();
    metrics.setGlobalMeterProvider(provider());
    sdkMetrics()!.tally(METRIC_NAMES.tokenCacheLookups, hit);
    expect(collect(METRIC_NAMES.tokenCacheLookups)).toEqual([[1, { 'campaign.auth.cache.result': 'hit' }]]);
  });
});
