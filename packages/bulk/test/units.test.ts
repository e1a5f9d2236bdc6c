import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ApiError,
  NetworkError,
  OutcomeUnknownError,
  PaginationError,
  TenantUriError,
  TimeoutError,
  UnexpectedResponseError,
} from '@campaign-standard/core';
import { describe, expect, it } from 'vitest';
import { changedFields, classifyFailure, type JobDescription, sameValue } from '../src/index.js';
import type { RowContext } from '../src/job.js';
import { Journal } from '../src/journal.js';
import { scanPages } from '../src/pages.js';
import { RejectsFile } from '../src/rejects.js';
import { readNdjsonFile, rejection, tempDir } from './helpers.js';

describe('changedFields', () => {
  const stored = {
    PKey: '@p',
    href: 'https://x/p',
    email: 'a@x.y',
    firstName: 'Ann',
    age: 42,
    blackList: false,
    middleName: '',
    location: { city: 'Paris', zipCode: '75001', address1: '' },
    orgUnit: { PKey: '@o1', href: 'https://x/o1', title: 'All (all)' },
  };

  it('nothing when the input holds the stored values, loosely compared', () => {
    expect(
      changedFields(
        {
          email: 'a@x.y',
          firstName: 'Ann',
          age: '42',
          blackList: 'false',
          middleName: null,
          location: { city: 'Paris' },
        },
        stored,
      ),
    ).toEqual({});
  });

  it('only the fields that differ; an element whole, a link as given', () => {
    expect(
      changedFields(
        {
          email: 'a@x.y',
          firstName: 'Anna',
          location: { city: 'Lyon' },
          orgUnit: { PKey: '@o2' },
          PKey: '@ignored',
        },
        stored,
      ),
    ).toEqual({
      firstName: 'Anna',
      location: { city: 'Lyon', zipCode: '75001', address1: '' },
      orgUnit: { PKey: '@o2' },
    });
    expect(changedFields({ orgUnit: { PKey: '@o1' } }, stored)).toEqual({});
  });

  it('fields absent from the stored record are changes', () => {
    expect(changedFields({ cusCrmId: 'X', location: { stateCode: 'CA' } }, { location: {} })).toEqual({
      cusCrmId: 'X',
      location: { stateCode: 'CA' },
    });
  });

  it('sameValue', () => {
    expect(sameValue(1, '1')).toBe(true);
    expect(sameValue('', undefined)).toBe(true);
    expect(sameValue(0, '')).toBe(false);
    expect(sameValue([1, 2], [1, 2])).toBe(true);
    expect(sameValue({ a: 1 }, '[object Object]')).toBe(false);
  });
});

describe('classifyFailure', () => {
  const api = (status: number, errorCode?: string) => new ApiError({ status, message: 'x', errorCode });
  it.each([
    [api(429, '429050'), 'throttled'],
    [api(503), 'transient'],
    [api(500, '500000'), 'transient'],
    [api(500, 'RST-360011'), 'refused'],
    [api(400), 'refused'],
    [api(404, 'RST-360011'), 'refused'],
    [api(401, '401013'), 'fatal'],
    [api(403), 'fatal'],
    [new OutcomeUnknownError('POST', 'https://x'), 'unknown-outcome'],
    [new NetworkError('reset'), 'transient'],
    [new NetworkError('407', { retryable: false }), 'fatal'],
    [new TimeoutError('slow', 10), 'transient'],
    [new UnexpectedResponseError('html', { status: 502 }), 'transient'],
    [new UnexpectedResponseError('html', { status: 200 }), 'fatal'],
    [new TenantUriError({ status: 502, message: 'Oops', tenant: 'acme' }), 'fatal'],
    [new Error('bug'), 'fatal'],
  ] as const)('%s is %s', (error, kind) => {
    expect(classifyFailure(error)).toBe(kind);
  });
});

describe('the journal file', () => {
  const job: JobDescription = {
    operation: 'import',
    resource: '/profileAndServices/profile',
    key: 'email',
    mode: 'upsert',
    input: { kind: 'job', jobId: 'unit' },
  };

  it('reads back what is done, refused and in flight; cuts a torn last line', async () => {
    const path = join(tempDir(), 'journal.ndjson');
    const { journal } = await Journal.open(path, job, { resume: false, durability: 'process' });
    journal.append({ type: 'run', at: new Date().toISOString(), pid: 1, resumed: false });
    for (const row of [1, 2, 3, 5])
      journal.append({ type: 'done', row, key: `k${row}`, outcome: 'unchanged' });
    journal.append({ type: 'refused', row: 4, key: 'k4', reason: 'refused', status: 500 });
    journal.beforeSend({ type: 'inflight', row: 6, key: 'k6', op: 'create', at: '2026-01-01T00:00:00.000Z' });
    journal.beforeSend({ type: 'inflight', row: 7, key: 'k7', op: 'create', at: '2026-01-01T00:00:00.000Z' });
    journal.append({ type: 'done', row: 7, key: 'k7', outcome: 'created', pkey: '@7' });
    journal.close();
    const complete = readFileSync(path, 'utf8');
    appendFileSync(path, '{"type":"done","row":8,"key":"k8","outc'); // a write cut by a crash

    const { journal: again, state } = await Journal.open(path, job, { resume: true, durability: 'process' });
    again.close();
    expect([1, 2, 3, 4, 5, 7].every((row) => state.isFinished(row))).toBe(true);
    expect(state.isFinished(6)).toBe(false);
    expect(state.isFinished(8)).toBe(false);
    expect(state.inflightSince(6)).toBe(Date.parse('2026-01-01T00:00:00.000Z'));
    expect(state.inflightSince(7)).toBeUndefined();
    expect([...state.refused]).toEqual([4]);
    expect(readFileSync(path, 'utf8')).toBe(complete);
  });

  it('a corrupt line that is not the last one is refused', async () => {
    const path = join(tempDir(), 'journal.ndjson');
    const { journal } = await Journal.open(path, job, { resume: false, durability: 'system' });
    journal.close();
    appendFileSync(path, 'not json\n{"type":"done","row":1,"key":"k","outcome":"created"}\n');
    const error = await rejection(Journal.open(path, job, { resume: true, durability: 'process' }));
    expect(error).toMatchObject({ code: 'ERR_BULK_JOURNAL', problem: 'corrupt' });
  });

  it('the rejects file keeps, on resume, only the lines whose refusal the journal holds, once each', async () => {
    const path = join(tempDir(), 'rejects.ndjson');
    const line = (row: number) =>
      JSON.stringify({ row, key: `k${row}`, record: {}, error: { reason: 'refused', message: 'm' } });
    writeFileSync(path, `${[line(1), line(2), line(2), line(3)].join('\n')}\n{"row":4,"ke`);
    const rejects = await RejectsFile.open(path, { resume: true, refused: new Set([1, 2]), sync: false });
    rejects.write({
      row: 3,
      key: 'k3',
      record: { token: 'abcdefghijkl' },
      error: { reason: 'refused', message: 'again' },
    });
    rejects.close();
    const rows = readNdjsonFile<{ row: number; record: Record<string, unknown> }>(path);
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3]);
    expect(rows[2]!.record['token']).toBe('[REDACTED]');
  });
});

describe('scanPages', () => {
  type Page = { data?: unknown; error?: unknown };
  const contextOf = (pages: Record<string, Page>) => {
    const asked: string[] = [];
    const context = {
      idempotent: async (_method: string, target: string) => {
        asked.push(target);
        return pages[target] ?? { error: { status: 404 } };
      },
    } as unknown as RowContext;
    return { context, asked };
  };

  it('reads every page until the visitor stops it', async () => {
    const { context, asked } = contextOf({
      '/a': { data: { content: [1, 2], next: { href: '/b' } } },
      '/b': { data: { content: [3, 4], next: { href: '/c' } } },
      '/c': { data: { content: [5] } },
    });
    const seen: unknown[] = [];
    expect(await scanPages(context, '/a', {}, (r) => void seen.push(r))).toEqual({ stopped: false });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    const stopAt = contextOf({
      '/a': { data: { content: [1, 2], next: { href: '/b' } } },
      '/b': { data: { content: [3, 4], next: { href: '/c' } } },
    });
    expect(await scanPages(stopAt.context, '/a', {}, (r) => r === 3)).toEqual({ stopped: true });
    expect(stopAt.asked).toEqual(['/a', '/b']);
    expect(asked).toEqual(['/a', '/b', '/c']);
  });

  it('a next link pointing back is a PaginationError, not a silent "not found"', async () => {
    const { context } = contextOf({
      '/a': { data: { content: [1], next: { href: '/b' } } },
      '/b': { data: { content: [2], next: { href: '/b' } } },
    });
    const outcome = await scanPages(context, '/a', {}, () => false);
    expect('error' in outcome && outcome.error).toBeInstanceOf(PaginationError);
    expect((outcome as { error: PaginationError }).error.problem).toBe('loop');
  });

  it('a refusal is returned as it came', async () => {
    const { context } = contextOf({ '/a': { error: { status: 500 } } });
    expect(await scanPages(context, '/a', {}, () => false)).toEqual({ error: { status: 500 } });
  });
});
