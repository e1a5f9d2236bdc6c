import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import type { CampaignClient } from '@campaign-standard/client';
import { ConfigurationError } from '@campaign-standard/core';
import { type Emulator, emulatorEnvironment, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BulkProgressEvent,
  fromRecords,
  importRecords,
  JournalError,
  type RejectEntry,
  readCsv,
  readNdjson,
  subscribeRecords,
} from '../src/index.js';
import { emulatorClient, profilesByEmail, readNdjsonFile, rejection, tempDir, writeFile } from './helpers.js';

let emulator: Emulator;
let client: CampaignClient;
/** Seeded profiles' e-mail addresses, in seed order. */
let seeded: string[];

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 60 });
  client = emulatorClient(emulator);
  seeded = [...(await profilesByEmail(client)).keys()];
});
afterAll(() => emulator.stop());

const csvLine = (values: string[]) => values.join(',');

describe('upsert', () => {
  it('creates what is absent, patches only changed fields, leaves the rest, rejects bad rows and goes on', async () => {
    const dir = tempDir();
    const byEmail = await profilesByEmail(client);
    const same = seeded.slice(0, 4);
    const changed = seeded.slice(4, 7);
    const lines = ['email,firstName,gender'];
    for (const email of same) {
      const p = byEmail.get(email)![0]!;
      lines.push(csvLine([email, String(p['firstName']), String(p['gender'])]));
    }
    for (const email of changed) lines.push(csvLine([email, 'Renamed', 'female']));
    lines.push(csvLine(['up-new1@example.org', 'New', 'male']));
    lines.push(csvLine(['up-bad1@example.org', 'Bad', 'robot'])); // not in the gender enumeration
    lines.push(csvLine(['up-new2@example.org', 'First', 'male']));
    lines.push(csvLine([seeded[7]!, 'Bad', 'robot'])); // an existing record, refused on PATCH
    lines.push(csvLine(['up-new2@example.org', 'Second', 'female'])); // the same key again: last wins
    const input = writeFile(dir, 'people.csv', `${lines.join('\n')}\n`);
    emulator.stats.reset();
    const events: BulkProgressEvent[] = [];
    const result = await importRecords({
      client,
      resource: 'profile',
      key: 'email',
      source: readCsv(input),
      onProgress: (event) => events.push(event),
    });
    expect(result.status).toBe('completed');
    expect(result.counts).toMatchObject({
      read: 12,
      skipped: 0,
      created: 2,
      updated: 3 + 1, // the changed ones, and the second row of up-new2
      unchanged: 4,
      refused: 2,
      reconciled: 0,
    });
    // One look-up per row, one POST per new key, one PATCH per changed row (the bad PATCH included).
    expect(emulator.stats.apiRequests({ method: 'POST' })).toBe(3);
    expect(emulator.stats.apiRequests({ method: 'PATCH' })).toBe(5);
    expect(events[0]).toEqual({ type: 'validated', rows: 12 });

    const after = await profilesByEmail(client);
    for (const email of changed)
      expect(after.get(email)![0]).toMatchObject({ firstName: 'Renamed', gender: 'female' });
    expect(after.get('up-new1@example.org')).toHaveLength(1);
    expect(after.get('up-new2@example.org')).toHaveLength(1);
    expect(after.get('up-new2@example.org')![0]).toMatchObject({ firstName: 'Second', gender: 'female' });
    expect(after.has('up-bad1@example.org')).toBe(false);

    const rejects = readNdjsonFile<RejectEntry>(result.rejects!);
    expect(rejects.map((r) => [r.row, r.line, r.key])).toEqual(
      expect.arrayContaining([
        [9, 10, 'up-bad1@example.org'],
        [11, 12, seeded[7]],
      ]),
    );
    expect(rejects).toHaveLength(2);
    expect(rejects[0]!.error).toMatchObject({
      reason: 'refused',
      name: 'ApiError',
      code: 'ERR_API',
      status: 500,
      errorCode: 'RST-360011',
    });
    expect(rejects[0]!.error.message).toContain("'robot' is not valid");
    expect(rejects[0]!.record).toMatchObject({ gender: 'robot' });

    // The journal: a header tied to the file, then one outcome per row, and the end.
    const journal = readNdjsonFile<{ type: string; row?: number; job?: { input: { sha256: string } } }>(
      result.journal!,
    );
    expect(journal[0]).toMatchObject({ type: 'job', version: 1, job: { operation: 'import', key: 'email' } });
    expect(journal[0]!.job!.input.sha256).toMatch(/^[0-9a-f]{64}$/);
    const outcomes = journal.filter((e) => e.type === 'done' || e.type === 'refused');
    expect(new Set(outcomes.map((e) => e.row)).size).toBe(12);
    expect(journal.filter((e) => e.type === 'inflight')).toHaveLength(3);
    expect(journal.at(-1)!.type).toBe('end');
  });

  it('an unchanged input costs no write at all', async () => {
    const dir = tempDir();
    const byEmail = await profilesByEmail(client);
    const lines = ['email,firstName,lastName'];
    for (const email of seeded.slice(10, 20)) {
      const p = byEmail.get(email)![0]!;
      lines.push(csvLine([email, String(p['firstName']), String(p['lastName'])]));
    }
    const input = writeFile(dir, 'same.csv', `${lines.join('\n')}\n`);
    emulator.stats.reset();
    const result = await importRecords({ client, resource: 'profile', key: 'email', source: readCsv(input) });
    expect(result.counts).toMatchObject({ unchanged: 10, created: 0, updated: 0 });
    expect(emulator.stats.apiRequests({ method: 'GET' })).toBe(10);
    expect(emulator.stats.apiRequests() - emulator.stats.apiRequests({ method: 'GET' })).toBe(0);
  });

  it('create mode refuses existing keys; update mode refuses absent ones', async () => {
    const dir = tempDir();
    const input = writeFile(dir, 'mix.csv', `email,firstName\n${seeded[21]},X\ncm-new@example.org,Y\n`);
    const created = await importRecords({
      client,
      resource: 'profile',
      key: 'email',
      mode: 'create',
      source: readCsv(input),
      journal: join(dir, 'create.journal'),
      rejects: join(dir, 'create.rejects'),
    });
    expect(created.counts).toMatchObject({ created: 1, refused: 1 });
    expect(readNdjsonFile<RejectEntry>(created.rejects!)[0]!.error).toMatchObject({ reason: 'exists' });
    const input2 = writeFile(
      dir,
      'mix2.csv',
      `email,firstName\n${seeded[22]},Upd\ncm-absent@example.org,Y\n`,
    );
    const updated = await importRecords({
      client,
      resource: 'profile',
      key: 'email',
      mode: 'update',
      source: readCsv(input2),
    });
    expect(updated.counts).toMatchObject({ updated: 1, refused: 1, created: 0 });
    expect(readNdjsonFile<RejectEntry>(updated.rejects!)[0]!.error).toMatchObject({ reason: 'not-found' });
    const after = await profilesByEmail(client);
    expect(after.has('cm-absent@example.org')).toBe(false);
    expect(after.get(seeded[22]!)![0]).toMatchObject({ firstName: 'Upd' });
  });

  it('a dry run looks keys up and counts, but writes nothing: no POST, no PATCH, no journal, no rejects', async () => {
    const dir = tempDir();
    const input = writeFile(dir, 'dry.csv', `email,firstName\n${seeded[23]},Dry\ndry-new@example.org,N\n`);
    emulator.stats.reset();
    const result = await importRecords({
      client,
      resource: 'profile',
      key: 'email',
      source: readCsv(input),
      dryRun: true,
    });
    expect(result).toMatchObject({
      status: 'completed',
      dryRun: true,
      journal: undefined,
      rejects: undefined,
    });
    expect(result.counts).toMatchObject({ created: 1, updated: 1 });
    expect(emulator.stats.apiRequests()).toBe(emulator.stats.apiRequests({ method: 'GET' }));
    expect(existsSync(`${input}.journal.ndjson`)).toBe(false);
    expect(existsSync(`${input}.rejects.ndjson`)).toBe(false);
    expect((await profilesByEmail(client)).has('dry-new@example.org')).toBe(false);
  });

  it('custom fields on the extended family, nested fields from dotted columns', async () => {
    const dir = tempDir();
    const input = writeFile(
      dir,
      'ext.csv',
      `email,crm,City\n${seeded[24]},CRM-X24,Lyon\next-new@example.org,CRM-NEW,Oslo\n`,
    );
    const result = await importRecords({
      client,
      resource: { kind: 'profile', family: 'profileAndServicesExt' },
      key: 'email',
      source: readCsv(input, { columns: { crm: 'cusCrmId', City: 'location.city' } }),
    });
    expect(result.counts).toMatchObject({ created: 1, updated: 1, refused: 0 });
    const ext = new Map<string, Record<string, unknown>>();
    for await (const p of client.profiles.list({ ext: true, filters: { byEmail: { email: seeded[24]! } } }))
      ext.set(String(p.email), p as Record<string, unknown>);
    const updated = ext.get(seeded[24]!)!;
    expect(updated['cusCrmId']).toBe('CRM-X24');
    // The element was sent whole: its other fields are kept.
    expect(updated['location']).toMatchObject({ city: 'Lyon', address1: '' });
  });

  it('a custom resource, found by its custom filter (by<Field> with <field>_parameter)', async () => {
    const dir = tempDir();
    const input = writeFile(
      dir,
      'stores.ndjson',
      '{"city":"Paris","open":false}\n{"city":"Lima","name":"storeLima"}\n',
    );
    const result = await importRecords({
      client,
      resource: { kind: 'custom', name: 'cusStore', family: 'customResources' },
      key: 'city',
      source: readNdjson(input),
    });
    expect(result.counts).toMatchObject({ updated: 1, created: 1, refused: 0 });
    const stores = new Map<string, Record<string, unknown>>();
    for await (const s of client.customResources('cusStore').list()) stores.set(String(s['city']), s);
    expect(stores.get('Paris')).toMatchObject({ open: false, name: 'store1' });
    expect(stores.get('Lima')).toMatchObject({ name: 'storeLima', open: true });
  });

  it('records from any iterable, with a job id to tie the journal to', async () => {
    const dir = tempDir();
    const records = [{ email: 'iter1@example.org', firstName: 'I' }, { email: 'iter2@example.org' }];
    const missing = await rejection(
      importRecords({ client, resource: 'profile', key: 'email', source: records }),
    );
    expect(missing).toBeInstanceOf(ConfigurationError);
    const journal = join(dir, 'iter.journal');
    const noId = await rejection(
      importRecords({ client, resource: 'profile', key: 'email', source: records, journal }),
    );
    expect(noId).toMatchObject({ code: 'ERR_BULK_JOURNAL', problem: 'no-identity' });
    const first = await importRecords({
      client,
      resource: 'profile',
      key: 'email',
      source: records,
      journal,
      jobId: 'iter',
    });
    expect(first.counts.created).toBe(2);
    const again = await importRecords({
      client,
      resource: 'profile',
      key: 'email',
      source: fromRecords(records),
      journal,
      jobId: 'iter',
      resume: true,
    });
    expect(again.counts).toMatchObject({ skipped: 2, created: 0 });
    const other = await rejection(
      importRecords({
        client,
        resource: 'profile',
        key: 'email',
        source: records,
        journal,
        jobId: 'other',
        resume: true,
      }),
    );
    expect(other).toMatchObject({ problem: 'input-mismatch' });
  });
});

describe('journal ties', () => {
  it('refuses to start over an existing journal, to resume with another file or another job', async () => {
    const dir = tempDir();
    const input = writeFile(dir, 'a.csv', 'email,firstName\ntie1@example.org,A\n');
    await importRecords({ client, resource: 'profile', key: 'email', source: readCsv(input) });
    const exists = await rejection(
      importRecords({ client, resource: 'profile', key: 'email', source: readCsv(input) }),
    );
    expect(exists).toBeInstanceOf(JournalError);
    expect(exists).toMatchObject({ problem: 'exists' });
    expect((exists as JournalError).hint).toContain('resume');

    const journal = `${input}.journal.ndjson`;
    const other = writeFile(dir, 'b.csv', 'email,firstName\ntie2@example.org,B\n');
    const mismatch = await rejection(
      importRecords({
        client,
        resource: 'profile',
        key: 'email',
        source: readCsv(other),
        journal,
        resume: true,
      }),
    );
    expect(mismatch).toMatchObject({ problem: 'input-mismatch' });
    expect(mismatch.message).toContain('a.csv');

    const otherJob = await rejection(
      importRecords({
        client,
        resource: 'profile',
        key: 'email',
        mode: 'create',
        source: readCsv(input),
        resume: true,
      }),
    );
    expect(otherJob).toMatchObject({ problem: 'job-mismatch' });
    // Nothing of the refused jobs reached Campaign.
    expect((await profilesByEmail(client)).has('tie2@example.org')).toBe(false);
  });

  it('a second process cannot run the same job at once; a lock left by a killed process is taken over', async () => {
    const dir = tempDir();
    const input = writeFile(dir, 'locked.csv', 'email,firstName\nlock1@example.org,A\n');
    const lock = `${input}.journal.ndjson.lock`;
    // The parent of this test process is alive: its lock holds.
    writeFile(dir, 'locked.csv.journal.ndjson.lock', String(process.ppid));
    const locked = await rejection(
      importRecords({ client, resource: 'profile', key: 'email', source: readCsv(input) }),
    );
    expect(locked).toMatchObject({ code: 'ERR_BULK_JOURNAL', problem: 'locked' });
    expect(existsSync(`${input}.journal.ndjson`)).toBe(false);
    // A process id nobody runs: the lock is stale.
    let dead = 4_194_000;
    while (isRunning(dead)) dead--;
    writeFile(dir, 'locked.csv.journal.ndjson.lock', String(dead));
    const result = await importRecords({ client, resource: 'profile', key: 'email', source: readCsv(input) });
    expect(result.counts.created).toBe(1);
    expect(existsSync(lock)).toBe(false);
  });

  it('a malformed file is refused before anything is written, naming the line', async () => {
    const dir = tempDir();
    const input = writeFile(
      dir,
      'ragged.csv',
      'email,firstName\nrag1@example.org,A\nrag2@example.org,B,extra\n',
    );
    emulator.stats.reset();
    const error = await rejection(
      importRecords({ client, resource: 'profile', key: 'email', source: readCsv(input) }),
    );
    expect(error).toMatchObject({ code: 'ERR_BULK_INPUT', problem: 'ragged-row', line: 3 });
    expect(emulator.stats.apiRequests()).toBe(0);
    expect(existsSync(`${input}.journal.ndjson`)).toBe(false);
    const noKey = writeFile(dir, 'nokey.csv', 'mail,firstName\nx@example.org,A\n');
    const keyError = await rejection(
      importRecords({ client, resource: 'profile', key: 'email', source: readCsv(noKey) }),
    );
    expect(keyError).toMatchObject({ problem: 'missing-key-column', line: 1 });
    expect(emulator.stats.apiRequests()).toBe(0);
  });
});

describe('stop and resume', () => {
  it('a graceful stop finishes what is in flight, says how to resume; the resume completes exactly once', async () => {
    const dir = tempDir();
    const lines = ['email,firstName'];
    for (let i = 0; i < 60; i++) lines.push(`stop${i}@example.org,S${i}`);
    const input = writeFile(dir, 'stop.csv', `${lines.join('\n')}\n`);
    const controller = new AbortController();
    const first = await importRecords({
      client,
      resource: 'profile',
      key: 'email',
      source: readCsv(input),
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'row' && event.counts.created === 20) controller.abort();
      },
    });
    expect(first.status).toBe('stopped');
    expect(first.resumeHint).toContain('resume: true');
    expect(first.counts.created).toBeGreaterThanOrEqual(20);
    expect(first.counts.created).toBeLessThan(60);
    const journal = readNdjsonFile<{ type: string }>(first.journal!);
    expect(journal.at(-1)!.type).toBe('stop');

    const second = await importRecords({
      client,
      resource: 'profile',
      key: 'email',
      source: readCsv(input),
      resume: true,
    });
    expect(second.status).toBe('completed');
    expect(second.counts.skipped).toBe(first.counts.created);
    expect(first.counts.created + second.counts.created + second.counts.unchanged).toBe(60);
    const after = await profilesByEmail(client);
    for (let i = 0; i < 60; i++) expect(after.get(`stop${i}@example.org`)).toHaveLength(1);
  });

  it('a create whose answer was lost is looked up, not sent again', async () => {
    const dir = tempDir();
    let lost = 0;
    // The emulator cannot apply a request and then drop the connection: a fetch that forwards the
    // request and loses the answer stands for it.
    const lossy = emulatorClient(emulator, {
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const response = await fetch(request.clone());
        if (request.method === 'POST' && lost < 2) {
          lost++;
          throw new TypeError('fetch failed', {
            cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
          });
        }
        return response;
      },
    });
    const input = writeFile(
      dir,
      'lost.csv',
      'email,firstName\nlost1@example.org,A\nlost2@example.org,B\nlost3@example.org,C\n',
    );
    emulator.stats.reset();
    const result = await importRecords({
      client: lossy,
      resource: 'profile',
      key: 'email',
      source: readCsv(input),
      reconcileDelayMs: 10,
    });
    expect(result.counts).toMatchObject({ created: 3, reconciled: 2, refused: 0 });
    expect(emulator.stats.apiRequests({ method: 'POST' })).toBe(3);
    const after = await profilesByEmail(client);
    for (const n of [1, 2, 3]) expect(after.get(`lost${n}@example.org`)).toHaveLength(1);
  });

  it('a create refused with 429 is sent again (429 means not applied), and the job slows down', async () => {
    const dir = tempDir();
    const lines = ['email'];
    for (let i = 0; i < 20; i++) lines.push(`busy${i}@example.org`);
    const input = writeFile(dir, 'busy.csv', `${lines.join('\n')}\n`);
    // Every request of the profile collection is throttled five times, then served.
    emulator.faults.inject({
      target: 'api',
      kind: 'status',
      status: 429,
      retryAfterSeconds: 0,
      times: 5,
      pathPrefix: '/acme/campaign/profileAndServices/profile',
    });
    const events: BulkProgressEvent[] = [];
    const result = await importRecords({
      client: emulatorClient(emulator, { retry: { statusCodes: [503, 504], initialDelayMs: 5 } }),
      resource: 'profile',
      key: 'email',
      source: readCsv(input),
      onProgress: (event) => events.push(event),
    });
    emulator.faults.clear();
    expect(result.counts).toMatchObject({ created: 20, throttled: 5 });
    expect(events.some((e) => e.type === 'throttled' && e.status === 429)).toBe(true);
    const after = await profilesByEmail(client);
    for (let i = 0; i < 20; i++) expect(after.get(`busy${i}@example.org`)).toHaveLength(1);
  });
});

describe('subscriptions', () => {
  it('subscribes profiles by key, once: existing subscriptions are not created twice', async () => {
    const dir = tempDir();
    // Seeded: profile 3j is subscribed to service (3j mod 5), so profile 6 to SVC2 (index 1).
    const emails = [seeded[6]!, seeded[7]!, seeded[8]!, 'nobody@example.org'];
    const input = writeFile(dir, 'subs.csv', `email\n${emails.join('\n')}\n`);
    const subscribers = async () => {
      const service = (await collectServices()).get('SVC2')!;
      const out: string[] = [];
      for await (const s of client.subscriptions.listByService(String(service['PKey'])))
        out.push(String((s.subscriber as { email?: unknown }).email));
      return out;
    };
    const before = await subscribers();
    expect(before).toContain(seeded[6]);
    const first = await subscribeRecords({ client, service: 'SVC2', source: readCsv(input) });
    expect(first.counts).toMatchObject({ subscribed: 2, unchanged: 1, refused: 1 });
    expect(readNdjsonFile<RejectEntry>(first.rejects!)[0]).toMatchObject({
      key: 'nobody@example.org',
      error: { reason: 'not-found' },
    });
    emulator.stats.reset();
    const second = await subscribeRecords({
      client,
      service: { name: 'SVC2' },
      source: readCsv(input),
      journal: join(dir, 'again.journal'),
      rejects: false,
    });
    expect(second.counts).toMatchObject({ subscribed: 0, unchanged: 3, refused: 1 });
    expect(emulator.stats.apiRequests({ method: 'POST' })).toBe(0);
    const after = await subscribers();
    for (const email of emails.slice(0, 3)) expect(after.filter((e) => e === email)).toHaveLength(1);
  });
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function collectServices(): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for await (const s of client.services.list()) out.set(String(s.name), s as Record<string, unknown>);
  return out;
}

describe('no secrets', () => {
  it('rejects, journal and errors hold no token or client secret; secret-named fields are redacted', async () => {
    const dir = tempDir();
    const input = writeFile(
      dir,
      'secret.ndjson',
      `${JSON.stringify({ email: 'sec1@example.org', password: 'hunter2-very-secret' })}\n${JSON.stringify({ email: 'sec2@example.org', gender: 'robot' })}\n`,
    );
    const auth = fromEnvironment(emulatorEnvironment(emulator));
    const secretClient = emulatorClient(emulator, { auth });
    const result = await importRecords({
      client: secretClient,
      resource: 'profile',
      key: 'email',
      source: readNdjson(input),
    });
    expect(result.counts.refused).toBe(2);
    const { token } = await auth.getToken();
    const secrets = [emulator.credentials.clientSecret, token];
    const texts = [
      readFileSync(result.rejects!, 'utf8'),
      readFileSync(result.journal!, 'utf8'),
      JSON.stringify(result),
    ];
    for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
    expect(texts[0]).not.toContain('hunter2-very-secret');
    expect(texts[0]).toContain('[REDACTED]');
    const rejects = readNdjsonFile<RejectEntry>(result.rejects!);
    expect(rejects.find((r) => r.key === 'sec1@example.org')!.error.message).toContain(
      "'password' property is not valid",
    );
  });
});
