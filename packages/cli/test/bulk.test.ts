// `acs import`, `acs subscribe` and `acs export` as a user runs them: the built binary in a child
// process, against the emulator over HTTP; killed, interrupted and resumed.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { type CampaignClient, createCampaignClient } from '@campaign-standard/client';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/run.js';
import { BIN, baseEnv, emulatorEnv, type RunResult, runAcs, tempDir } from './helpers.js';

let emulator: Emulator;
let client: CampaignClient;
let env: Record<string, string>;
let cwd: string;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 3 });
  env = baseEnv(tempDir(), emulatorEnv(emulator));
  cwd = tempDir('acs-bulk-');
  const settings = emulatorEnv(emulator);
  client = createCampaignClient({
    auth: fromEnvironment(settings),
    tenant: settings['ACS_TENANT']!,
    baseUrl: settings['ACS_BASE_URL']!,
  });
});

afterAll(async () => {
  await emulator?.stop();
});

const acs = (args: string[]) => runAcs(args, { env, cwd });
const json = <T = Record<string, unknown>>(stdout: string) => JSON.parse(stdout) as T;
const write = (name: string, text: string) => {
  const path = join(cwd, name);
  writeFileSync(path, text);
  return path;
};
const ndjson = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** Every profile whose e-mail ends with `suffix`, by e-mail (duplicates kept). */
async function profilesOf(suffix: string): Promise<Map<string, Array<Record<string, unknown>>>> {
  const found = new Map<string, Array<Record<string, unknown>>>();
  for await (const p of client.list<Record<string, unknown>>('/profileAndServices/profile', {
    query: { _lineCount: 500 },
  })) {
    const email = String(p['email']);
    if (email.endsWith(suffix)) found.set(email, [...(found.get(email) ?? []), p]);
  }
  return found;
}

/** No output of a run holds the client secret. */
function expectNoSecret(result: RunResult): void {
  const secret = emulator.credentials.clientSecret;
  expect(result.stdout).not.toContain(secret);
  expect(result.stderr).not.toContain(secret);
}

/** The words of a printed shell command (single quotes as `acs` prints them). */
function shellWords(command: string): string[] {
  return [...command.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map(
    (m) => m[1]?.replaceAll(`'\\''`, "'") ?? m[2]!,
  );
}

describe('acs import', () => {
  it('creates, changes only what differs, sends refused rows to the rejects file (exit 8)', async () => {
    const file = write(
      'people.csv',
      [
        'E-mail,firstName,lastName,gender,birthDate',
        'ann@one.test,Ann,One,female,1990-02-03T10:00:00Z',
        'bob@one.test,Bob,One,male,',
        'robot@one.test,Robo,One,robot,',
        '',
      ].join('\n'),
    );
    const first = await acs([
      'import',
      'profile',
      'people.csv',
      '--key',
      'email',
      '--map',
      'E-mail=email',
      '--type',
      'birthDate=date',
      '--output',
      'json',
    ]);
    expect(first.code, first.stderr).toBe(8);
    expect(json(first.stdout)).toMatchObject({
      status: 'completed',
      complete: true,
      rows: 3,
      done: 2,
      created: 2,
      refused: 1,
      skipped: 0,
      journal: `${file}.journal.ndjson`,
      rejects: `${file}.rejects.ndjson`,
    });
    expect(first.stderr).toContain('Campaign refused 1 row. Each is in');
    // not a terminal: plain progress lines on stderr
    expect(first.stderr).toContain('acs: import: 3/3 rows (100%)');
    const rejects = ndjson(`${file}.rejects.ndjson`);
    expect(rejects.map((r) => [r['row'], r['line'], r['key']])).toEqual([[3, 4, 'robot@one.test']]);
    expect(rejects[0]!['error']).toMatchObject({ reason: 'refused', status: 500 });
    const stored = await profilesOf('@one.test');
    expect([...stored.keys()].sort()).toEqual(['ann@one.test', 'bob@one.test']);
    expect(stored.get('ann@one.test')![0]).toMatchObject({ firstName: 'Ann', birthDate: '1990-02-03' });

    // The journal is not overwritten without --resume (exit 11); a resume skips every row.
    const again = await acs(['import', 'profile', 'people.csv', '--key', 'email', '--map', 'E-mail=email']);
    expect(again.code).toBe(11);
    expect(again.stderr).toContain('journal already exists');
    const resumed = await acs([
      'import',
      'profile',
      'people.csv',
      '--key',
      'email',
      '--map',
      'E-mail=email',
      '--type',
      'birthDate=date',
      '--resume',
      '-o',
      'json',
    ]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(json(resumed.stdout)).toMatchObject({ complete: true, skipped: 3, done: 0, requests: 0 });

    // A new file with one changed field: one PATCH, the unchanged row costs no write.
    emulator.stats.reset();
    write(
      'changes.ndjson',
      '{"email":"ann@one.test","lastName":"Two"}\n{"email":"bob@one.test","lastName":"One"}\n',
    );
    const changed = await acs(['import', 'profile', 'changes.ndjson', '--key', 'email', '-o', 'json']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(json(changed.stdout)).toMatchObject({ updated: 1, unchanged: 1, created: 0, refused: 0 });
    expect(emulator.stats.apiRequests({ method: 'PATCH' })).toBe(1);
    expect(emulator.stats.apiRequests({ method: 'POST' })).toBe(0);
    for (const run of [first, again, resumed, changed]) expectNoSecret(run);
  });

  it('refuses a malformed file naming its line, before anything is sent (exit 10)', async () => {
    emulator.stats.reset();
    const file = write('ragged.csv', 'email,firstName\nok@two.test,Ok\nbad@two.test,Bad,extra\n');
    const result = await acs(['import', 'profile', 'ragged.csv', '--key', 'email']);
    expect(result.code).toBe(10);
    expect(result.stderr).toMatch(/ragged\.csv, line 3: /);
    expect(result.stdout).toBe('');
    expect(emulator.stats.apiRequests()).toBe(0);
    expect(existsSync(`${file}.journal.ndjson`)).toBe(false);

    const noKey = await acs(['import', 'profile', 'ragged.csv', '--key', 'cusCrmId']);
    expect(noKey.code).toBe(10);
  });

  it('--dry-run reports what would change and writes nothing', async () => {
    const file = write('dry.csv', 'email,firstName\nann@one.test,Changed\nnew@three.test,New\n');
    emulator.stats.reset();
    const result = await acs([
      'import',
      'profile',
      'dry.csv',
      '--key',
      'email',
      '--dry-run',
      '--no-progress',
      '-o',
      'json',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    expect(json(result.stdout)).toMatchObject({ dryRun: true, created: 1, updated: 1, journal: null });
    expect(
      emulator.stats.apiRequests({ method: 'POST' }) + emulator.stats.apiRequests({ method: 'PATCH' }),
    ).toBe(0);
    expect(existsSync(`${file}.journal.ndjson`)).toBe(false);
    expect((await profilesOf('@three.test')).size).toBe(0);
  });

  it.runIf(existsSync('/usr/bin/script'))(
    'draws a progress bar on a terminal (rows, rate, ETA, refused) and prints the summary as a table',
    async () => {
      write('tty.csv', 'email,lastName\ntty1@tty.test,One\ntty2@tty.test,Two\n');
      // script(1) runs acs on a pseudo-terminal: stdout and stderr are both a TTY
      const result = await new Promise<RunResult>((resolve) => {
        execFile(
          '/usr/bin/script',
          ['-qec', `${process.execPath} ${BIN} import profile tty.csv --key email`, '/dev/null'],
          { env, cwd, timeout: 60_000 },
          (error, stdout, stderr) =>
            resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
        );
      });
      expect(result.code, result.stdout).toBe(0);
      expect(result.stdout).toMatch(/ 2\/2 rows \| \d+ rows\/s \| ETA \S+ \| refused 0/);
      expect(result.stdout).toMatch(/created\s+│\s+2\s+│/);
      expect(result.stdout).not.toContain('acs: import: ');
    },
  );

  it('checks its arguments before anything is sent (exit 2)', async () => {
    write('x.csv', 'email\nx@four.test\n');
    // in this process (nothing is sent for a usage error), through the library entry point
    for (const args of [
      ['import', 'profile', 'x.csv'],
      ['import', 'profile', 'x.csv', '--key', 'email', '--mode', 'merge'],
      ['import', 'profile', 'x.csv', '--key', 'email', '--max-rate', '0'],
      ['import', 'profile', 'x.csv', '--key', 'email', '--type', 'age=float'],
      ['import', 'profile', 'x.csv', '--key', 'email', '--key-filter', 'byCrmId'],
      ['import', 'profile', 'missing.csv', '--key', 'email'],
      ['import', 'no-such/thing', 'x.csv', '--key', 'email'],
      ['export', 'profile', '--page-size', 'many'],
    ]) {
      let stderr = '';
      const code = await runCli(args, {
        stdout: { write: () => true },
        stderr: { write: (text: string) => (stderr += text) },
        env,
        cwd,
      });
      expect(code, `${args.join(' ')}: ${stderr}`).toBe(2);
    }
  });

  it('sees the 429s of a rate-limited tenant itself and slows down instead of failing', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `{"email":"r${i}@rate.test","lastName":"R${i}"}`);
    write('rate.ndjson', `${rows.join('\n')}\n`);
    emulator.setRateLimit({ requestsPerSecond: 20 });
    emulator.stats.reset();
    try {
      const result = await acs([
        'import',
        'profile',
        'rate.ndjson',
        '--key',
        'email',
        '--concurrency',
        '16',
        '-o',
        'json',
      ]);
      expect(result.code, result.stderr).toBe(0);
      const summary = json<{ created: number; throttled: number }>(result.stdout);
      expect(summary.created).toBe(60);
      // the client did not retry them: the job counted them and slowed down
      expect(emulator.stats.rateLimited()).toBeGreaterThan(0);
      expect(summary.throttled).toBe(emulator.stats.rateLimited());
    } finally {
      emulator.setRateLimit(undefined);
    }
    expect((await profilesOf('@rate.test')).size).toBe(60);
  }, 60_000);
});

/** Resolves once the journal at `path` records at least `rows` finished rows. */
async function journalReaches(path: string, rows: number, child: ChildProcess): Promise<void> {
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (;;) {
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    const finished = text.split('\n').filter((l) => /"type":"(done|refused)"/.test(l)).length;
    if (finished >= rows) return;
    if (exited) throw new Error(`acs exited before its journal recorded ${rows} rows`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function spawnAcs(args: string[]): { child: ChildProcess; done: Promise<RunResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<RunResult>((resolve) => {
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
  return { child, done };
}

describe('kill, Ctrl-C and resume', () => {
  it('an import stopped by SIGINT and killed by SIGKILL ends, once resumed, as one that never stopped', async () => {
    const total = 240;
    const lines = ['email,firstName,lastName,gender'];
    // a share of the rows already exist; every 40th row is refused
    for (let i = 0; i < 30; i++)
      await client.request('POST', '/profileAndServices/profile', {
        body: { email: `p${i}@kill.test`, firstName: 'Old', lastName: `P${i}` },
      });
    for (let i = 0; i < total; i++)
      lines.push(`p${i}@kill.test,First${i},P${i},${i % 40 === 39 ? 'robot' : 'female'}`);
    const file = write('kill.csv', `${lines.join('\n')}\n`);
    emulator.setRateLimit({ requestsPerSecond: 120 });
    const args = ['import', 'profile', file, '--key', 'email', '--reconcile-delay', '0.5', '-o', 'json'];
    try {
      // Ctrl-C: stops gracefully, says it is incomplete and prints the command that resumes
      const interrupted = spawnAcs(args);
      await journalReaches(`${file}.journal.ndjson`, 40, interrupted.child);
      interrupted.child.kill('SIGINT');
      const stopped = await interrupted.done;
      expect(stopped.code, stopped.stderr).toBe(9);
      const summary = json<{ status: string; complete: boolean; notDone: number; resume: string }>(
        stopped.stdout,
      );
      expect(summary).toMatchObject({ status: 'stopped', complete: false });
      expect(summary.notDone).toBeGreaterThan(0);
      expect(summary.resume).toBe(`acs ${args.join(' ')} --resume`);
      expect(stopped.stderr).toContain(
        `incomplete (stopped by Ctrl-C or SIGTERM): ${summary.notDone} rows are not done`,
      );
      expect(stopped.stderr).toContain(`Resume with: ${summary.resume}`);

      // the printed command, killed with SIGKILL part way
      const resumeArgs = shellWords(summary.resume).slice(1);
      const killed = spawnAcs(resumeArgs);
      await journalReaches(`${file}.journal.ndjson`, 140, killed.child);
      killed.child.kill('SIGKILL');
      await killed.done;

      const last = await runAcs(resumeArgs, { env, cwd });
      // 8 when some of the refused rows were left for this run
      expect([0, 8], last.stderr).toContain(last.code);
      const counts = json<{ complete: boolean; refused: number; skipped: number }>(last.stdout);
      expect(counts.complete).toBe(true);
      expect(last.code).toBe(counts.refused > 0 ? 8 : 0);
      expect(counts.skipped).toBeGreaterThanOrEqual(140);
      expectNoSecret(last);
    } finally {
      emulator.setRateLimit(undefined);
    }

    const stored = await profilesOf('@kill.test');
    const good = Array.from({ length: total }, (_, i) => i).filter((i) => i % 40 !== 39);
    // every good row once (no duplicate), with its values; refused rows of existing profiles unchanged
    expect([...stored.values()].every((copies) => copies.length === 1)).toBe(true);
    for (const i of good)
      expect(stored.get(`p${i}@kill.test`)?.[0], `row ${i}`).toMatchObject({
        firstName: `First${i}`,
        gender: 'female',
      });
    expect(stored.size).toBe(good.length);
    const rejects = ndjson(`${file}.rejects.ndjson`);
    expect(rejects.map((r) => r['key']).sort()).toEqual(
      Array.from({ length: total }, (_, i) => i)
        .filter((i) => i % 40 === 39)
        .map((i) => `p${i}@kill.test`)
        .sort(),
    );
  }, 120_000);

  it('an export interrupted and resumed holds every record once; an existing file is not overwritten', async () => {
    const out = join(cwd, 'all.ndjson');
    emulator.setRateLimit({ requestsPerSecond: 20 });
    const args = ['export', 'profile', '--out', out, '--page-size', '10', '-o', 'json'];
    try {
      const interrupted = spawnAcs(args);
      // wait for the first checkpoint, then stop
      for (;;) {
        if (existsSync(`${out}.checkpoint.json`)) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      interrupted.child.kill('SIGINT');
      const stopped = await interrupted.done;
      // it may have finished before the signal on a fast machine; else it says how to resume
      if (stopped.code !== 0) {
        expect(stopped.code, stopped.stderr).toBe(9);
        expect(stopped.stderr).toContain(`Resume with: acs ${args.join(' ')} --resume`);
        const refused = await acs(args);
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain('--resume');
      }
    } finally {
      emulator.setRateLimit(undefined);
    }
    const resumed = await acs([...args, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const written = ndjson(out).map((p) => String(p['PKey']));
    const expected: string[] = [];
    for await (const p of client.list<{ PKey: string }>('/profileAndServices/profile')) expected.push(p.PKey);
    expect(written.sort()).toEqual(expected.sort());
    expect(json(resumed.stdout)).toMatchObject({ status: 'completed', records: expected.length });
  }, 60_000);
});

describe('acs subscribe', () => {
  it('subscribes each profile once; a key without a profile is refused', async () => {
    write('subs.csv', 'email\nann@one.test\nbob@one.test\nnobody@nowhere.test\n');
    const first = await acs(['subscribe', 'SVC1', 'subs.csv', '-o', 'json']);
    expect(first.code, first.stderr).toBe(8);
    expect(json(first.stdout)).toMatchObject({ subscribed: 2, refused: 1 });
    const again = await acs(['subscribe', 'SVC1', 'subs.csv', '--no-journal', '--no-rejects', '-o', 'json']);
    expect(again.code).toBe(8);
    expect(json(again.stdout)).toMatchObject({ subscribed: 0, unchanged: 2, refused: 1, journal: null });
  });
});
