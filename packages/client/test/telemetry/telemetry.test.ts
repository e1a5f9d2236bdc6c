import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import { METRIC_NAMES } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCampaignClient } from '../../src/index.js';
import { installOtel, memoryLogger, type TestOtel } from './otel.js';

let emulator: Emulator;
let otel: TestOtel;

beforeAll(async () => {
  otel = await installOtel();
  // 25 profiles, 10 a page: three pages, the last one short (no count request after it).
  emulator = await startEmulator({ profiles: 25 });
});
afterAll(async () => {
  await emulator?.stop();
  await otel?.uninstall();
});
beforeEach(() => {
  emulator.faults.clear();
});

function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

function setup() {
  const logger = memoryLogger();
  const { clientId, clientSecret, orgId, scopes } = emulator.credentials;
  const auth = createOAuthServerToServerAuth({
    clientId,
    clientSecrets: [clientSecret],
    orgId,
    scopes,
    imsUrl: emulator.imsUrl,
    logger,
  });
  const client = createCampaignClient({ auth, tenant: 'acme', baseUrl: emulator.baseUrl, logger });
  return { client, logger };
}

describe('OpenTelemetry spans and metrics of the client', () => {
  it('a list over three pages with a 401 re-authentication and a 429 retry: spans, parents, metrics, log', async () => {
    otel.reset();
    const before = {
      attempts: await otel.points(METRIC_NAMES.requestDuration),
      lookups: await otel.points(METRIC_NAMES.tokenCacheLookups),
    };
    expect(before.attempts).toEqual([]);
    const { client, logger } = setup();
    const tracer = trace.getTracer('test');
    let read = 0;
    await tracer.startActiveSpan('sync', async (sync) => {
      let page = 0;
      for await (const { items } of client.profiles.list({ pageSize: 10 }).pages()) {
        read += items.length;
        page++;
        // before page 2: every token expires (Campaign answers 401013 once, the client re-authenticates)
        if (page === 1) emulator.expireTokens();
        // before page 3: one 429 with Retry-After: 0
        if (page === 2)
          emulator.faults.inject({
            target: 'api',
            kind: 'status',
            status: 429,
            retryAfterSeconds: 0,
            times: 1,
          });
      }
      sync.end();
    });
    expect(read).toBe(25);

    const spans = otel.finished();
    const sync = spans.find((span) => span.name === 'sync')!;
    const calls = spans.filter((span) => span.kind === SpanKind.CLIENT && span.name.startsWith('GET '));
    expect(calls.map((span) => span.name)).toEqual([
      'GET /profileAndServices/profile',
      'GET /profileAndServices/profile',
      'GET /profileAndServices/profile',
    ]);
    calls.sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    for (const call of calls) {
      expect(parentOf(call)).toBe(sync.spanContext().spanId);
      expect(call.spanContext().traceId).toBe(sync.spanContext().traceId);
      expect(call.attributes).toMatchObject({
        'http.request.method': 'GET',
        'url.template': '/profileAndServices/profile',
        'server.address': '127.0.0.1',
        'http.response.status_code': 200,
        'campaign.tenant': 'acme',
      });
      expect(call.attributes['url.full']).toBeUndefined();
      expect(call.status.code).not.toBe(SpanStatusCode.ERROR);
    }
    const [first, second, third] = calls as [ReadableSpan, ReadableSpan, ReadableSpan];
    expect(first.events.map((event) => event.name)).toEqual([]);
    expect(second.events.map((event) => event.name)).toEqual(['campaign.reauthenticate']);
    expect(third.events.map((event) => event.name)).toEqual(['campaign.retry']);
    expect(third.events[0]!.attributes).toMatchObject({
      'http.response.status_code': 429,
      'http.request.resend_count': 1,
      'campaign.retry.delay_ms': 0,
    });

    // Two token fetches: the first under page 1's call, the second under page 2's (after the 401).
    const tokens = spans.filter((span) => span.name === 'campaign.auth.token');
    expect(tokens.map((span) => [parentOf(span), span.attributes['campaign.auth.refresh.trigger']])).toEqual([
      [first.spanContext().spanId, 'missing'],
      [second.spanContext().spanId, 'invalidated'],
    ]);
    const ims = spans.filter((span) => span.name === 'POST' && span.kind === SpanKind.CLIENT);
    expect(ims.map(parentOf)).toEqual(tokens.map((span) => span.spanContext().spanId));
    for (const span of ims)
      expect(span.attributes).toMatchObject({
        'url.template': '/ims/token/v3',
        'http.request.method': 'POST',
        'http.response.status_code': 200,
      });

    // Metrics: five requests sent (three pages, a 401 and a 429).
    const attempts = (await otel.points(METRIC_NAMES.requestDuration)) as {
      attributes: object;
      value: Histogram;
    }[];
    const byStatus = Object.fromEntries(
      attempts.map((point) => [
        (point.attributes as Record<string, unknown>)['http.response.status_code'],
        point.value.count,
      ]),
    );
    expect(byStatus).toEqual({ 200: 3, 401: 1, 429: 1 });
    const sum = async (name: string, where: Record<string, unknown> = {}) =>
      (await otel.points(name))
        .filter((point) => Object.entries(where).every(([key, value]) => point.attributes[key] === value))
        .reduce((total, point) => total + (point.value as number), 0);
    expect(await sum(METRIC_NAMES.retries)).toBe(1);
    expect(await sum(METRIC_NAMES.retries, { 'error.type': '429' })).toBe(1);
    expect(await sum(METRIC_NAMES.throttled)).toBe(1);
    expect(await sum(METRIC_NAMES.reauthentications)).toBe(1);
    expect(await sum(METRIC_NAMES.tokenRefreshes, { 'campaign.auth.outcome': 'success' })).toBe(2);
    // a token per attempt: page 1 (miss), page 2 (hit, then miss after the 401), page 3 (hit, hit)
    expect(await sum(METRIC_NAMES.tokenCacheLookups, { 'campaign.auth.cache.result': 'miss' })).toBe(2);
    expect(await sum(METRIC_NAMES.tokenCacheLookups, { 'campaign.auth.cache.result': 'hit' })).toBe(3);

    // The logger heard the two token fetches, the re-authentication and the 429 back-off.
    expect(logger.lines.filter((line) => line.startsWith('info Access token fetched'))).toHaveLength(2);
    expect(logger.lines).toContain(
      'info GET /profileAndServices/profile was refused (401): fetching a new token and sending again',
    );
    expect(logger.lines).toContain(
      'info GET /profileAndServices/profile throttled (429): backing off 0 ms (retry 1)',
    );
  });

  it('names a call by its path template, never by its record keys; an error answer carries its codes', async () => {
    otel.reset();
    const { client } = setup();
    const { data } = await client.GET('/profileAndServices/profile', {
      params: { query: { _lineCount: 1 } },
    });
    const key = (data as { content: { PKey: string }[] }).content[0]!.PKey;
    await client.profiles.get(key);
    const missing = await client.request('GET', '/profileAndServices/profile/@no-such-key');
    expect(missing.error).toBeDefined();
    const names = otel
      .finished()
      .filter((span) => span.kind === SpanKind.CLIENT && span.name.startsWith('GET'));
    expect(names.map((span) => span.name)).toEqual([
      'GET /profileAndServices/profile',
      'GET /profileAndServices/profile/{PKey}',
      'GET /profileAndServices/profile/{PKey}',
    ]);
    expect(JSON.stringify(names.map((span) => span.attributes))).not.toContain(key);
    const failed = names[2]!;
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes['error.type']).toBe(String(missing.response.status));
    expect(failed.attributes['http.response.status_code']).toBe(missing.response.status);
    expect(failed.attributes['campaign.error_code']).toBe(
      (missing.error as { errorCode?: string }).errorCode,
    );
    expect(failed.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('a network failure fails the span with its error type; telemetry: false makes no span', async () => {
    otel.reset();
    const { client } = setup();
    emulator.faults.inject({ target: 'api', kind: 'reset', times: 1 });
    await expect(
      client.request('POST', '/profileAndServices/profile', { body: { email: 'n@example.com' } }),
    ).rejects.toThrow();
    const call = otel.finished().find((span) => span.name === 'POST /profileAndServices/profile')!;
    expect(call.status.code).toBe(SpanStatusCode.ERROR);
    expect(call.attributes['error.type']).toBeTypeOf('string');
    expect(call.attributes['http.response.status_code']).toBeUndefined();

    otel.reset();
    const quiet = createCampaignClient({
      auth: createOAuthServerToServerAuth({
        clientId: emulator.credentials.clientId,
        clientSecrets: [emulator.credentials.clientSecret],
        orgId: emulator.credentials.orgId,
        scopes: emulator.credentials.scopes,
        imsUrl: emulator.imsUrl,
      }),
      tenant: 'acme',
      baseUrl: emulator.baseUrl,
      telemetry: false,
    });
    await quiet.profiles.list({ pageSize: 1 }).pages().next();
    expect(
      otel.finished().filter((span) => span.kind === SpanKind.CLIENT && span.name.startsWith('GET')),
    ).toEqual([]);
  });
});
