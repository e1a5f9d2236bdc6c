// The crash scenario: an import process is killed with SIGKILL at seeded points of its progress and
// resumed each time; the emulator's final records must equal those of a run that never stopped.
import { readFileSync } from 'node:fs';
import type { CampaignClient } from '@campaign-standard/client';
import { emulatorEnvironment, startEmulator } from '@campaign-standard/emulator';
import { expect } from 'vitest';
import type { RejectEntry } from '../src/index.js';
import { emulatorClient, profilesByEmail, readNdjsonFile, tempDir, writeFile } from './helpers.js';
import { jobEnvironment, runJobProcess, seededRandom } from './processes.js';

const SEEDED = 1_500;
const FIELDS = ['firstName', 'lastName', 'gender'] as const;
type Fields = Record<(typeof FIELDS)[number], string>;
type Row = { email: string } & Partial<Fields> & Record<string, unknown>;

interface Plan {
  rows: Row[];
  /** The state every key must end in, by e-mail. */
  expected: Map<string, Fields>;
  /** Rows Campaign refuses (ordinals). */
  bad: Set<number>;
}

/**
 * Rows: about a fifth for profiles already there (half unchanged, half changed), some
 * repeating an earlier new key, about 3% that Campaign refuses (a value outside the gender
 * enumeration, and with `shapes`, a read-only or unknown field), the rest new.
 */
function plan(rows: number, seed: number, existing: Map<string, Fields>, shapes: boolean): Plan {
  const random = seededRandom(seed);
  const seededEmails = [...existing.keys()];
  const expected = new Map([...existing].map(([email, fields]) => [email, { ...fields }]));
  const out: Row[] = [];
  const bad = new Set<number>();
  const fresh: string[] = [];
  for (let i = 1; i <= rows; i++) {
    const r = random();
    let row: Row;
    if (r < 0.22) {
      const email = seededEmails[Math.floor(random() * seededEmails.length)]!;
      const before = expected.get(email)!;
      row = { email, ...before, firstName: random() < 0.5 ? before.firstName : `Changed${i}` };
    } else if (r < 0.24 && fresh.length > 0) {
      const email = fresh[Math.floor(random() * fresh.length)]!;
      row = { email, firstName: `Again${i}`, lastName: 'Repeat', gender: 'female' };
    } else {
      const email = `n${i}.${seed}@bulk.example`;
      fresh.push(email);
      row = { email, firstName: `New${i}`, lastName: `Row${i}`, gender: random() < 0.5 ? 'male' : 'female' };
    }
    if (random() < 0.03) {
      const kind = shapes ? Math.floor(random() * 3) : 0;
      if (kind === 0) row.gender = 'robot';
      else if (kind === 1)
        row['age'] = 33; // read-only
      else row['cusUnknown'] = 'x'; // not a field of profile
      bad.add(i);
    } else {
      expected.set(row.email, { ...(expected.get(row.email) ?? ({} as Fields)), ...pick(row) });
    }
    out.push(row);
  }
  return { rows: out, expected, bad };
}

function pick(row: Row): Fields {
  return { firstName: row.firstName!, lastName: row.lastName!, gender: row.gender! };
}

function toCsv(rows: Row[]): string {
  return `email,${FIELDS.join(',')}\n${rows.map((r) => [r.email, ...FIELDS.map((f) => r[f] ?? '')].join(',')).join('\n')}\n`;
}

async function seededState(client: CampaignClient): Promise<Map<string, Fields>> {
  const state = new Map<string, Fields>();
  for (const [email, profiles] of await profilesByEmail(client)) {
    const p = profiles[0]!;
    state.set(email, {
      firstName: String(p['firstName']),
      lastName: String(p['lastName']),
      gender: String(p['gender']),
    });
  }
  return state;
}

/** Kill points: seeded numbers of journal lines, increasing, spread over the job. */
function killPoints(seed: number, count: number, journalLines: number): number[] {
  const random = seededRandom(seed ^ 0x5eed);
  const points = Array.from({ length: count }, () => Math.floor(journalLines * (0.05 + 0.8 * random())));
  return [...new Set(points)].sort((a, b) => a - b);
}

async function checkFinalState(client: CampaignClient, scenario: Plan, rejectsPath: string): Promise<void> {
  const byEmail = await profilesByEmail(client);
  const duplicates = [...byEmail].filter(([, list]) => list.length > 1).map(([email]) => email);
  expect(duplicates).toEqual([]);
  expect(byEmail.size).toBe(scenario.expected.size);
  const wrong: string[] = [];
  for (const [email, fields] of scenario.expected) {
    const stored = byEmail.get(email)?.[0];
    if (!stored || FIELDS.some((f) => String(stored[f]) !== fields[f])) wrong.push(email);
  }
  expect(wrong).toEqual([]);
  // The rejects file holds exactly the bad rows, each once.
  const rejects = readNdjsonFile<RejectEntry>(rejectsPath);
  expect(rejects.map((r) => r.row).sort((a, b) => a - b)).toEqual([...scenario.bad].sort((a, b) => a - b));
  for (const reject of rejects) expect(reject.error).toMatchObject({ reason: 'refused', status: 500 });
}

/**
 * Runs the scenario against a fresh emulator (stopped at the end): an upsert of `rows` rows killed
 * at three seeded points of its journal, resumed each time, then checked.
 */
export async function crashScenario({
  rows,
  seed,
  faults,
}: {
  rows: number;
  seed: number;
  faults: boolean;
}): Promise<void> {
  const emulator = await startEmulator({ profiles: SEEDED, seed });
  try {
    const client = emulatorClient(emulator);
    const scenario = plan(rows, seed, await seededState(client), faults);
    const dir = tempDir('acs-bulk-crash-');
    const input = faults
      ? writeFile(dir, 'rows.ndjson', `${scenario.rows.map((r) => JSON.stringify(r)).join('\n')}\n`)
      : writeFile(dir, 'rows.csv', toCsv(scenario.rows));
    const journal = `${input}.journal.ndjson`;
    const rejects = `${input}.rejects.ndjson`;
    if (faults) {
      for (const [status, probability] of [
        [429, 0.04],
        [503, 0.02],
        [500, 0.02],
      ] as const) {
        emulator.faults.inject({
          target: 'api',
          kind: 'status',
          status,
          probability,
          retryAfterSeconds: 0,
        });
      }
      emulator.faults.inject({ target: 'api', kind: 'reset', probability: 0.02 });
    }
    const env = jobEnvironment({
      ...emulatorEnvironment(emulator),
      BULK_INPUT: input,
      BULK_RECONCILE_MS: '150',
    });

    // About one journal line per row and one per create; kills spread over that.
    const points = killPoints(seed, 3, rows * 1.7);
    let kills = 0;
    let runs = 0;
    for (const lines of points) {
      const run = await runJobProcess(env, { file: journal, lines });
      runs++;
      if (run.signal !== 'SIGKILL') {
        // The job ended before the kill point: only possible if it completed.
        expect(run.result?.['status'], run.stderr).toBe('completed');
        break;
      }
      kills++;
    }
    const last = await runJobProcess(env);
    runs++;
    expect(last.code, last.stderr).toBe(0);
    expect(last.result).toMatchObject({ status: 'completed' });
    expect(kills).toBeGreaterThanOrEqual(2);

    emulator.faults.clear();
    await checkFinalState(client, scenario, rejects);

    // The journal holds every row's outcome; creates cut by a kill were reconciled, not resent.
    const entries = readFileSync(journal, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const finished = new Set(
      entries.filter((e) => e.type === 'done' || e.type === 'refused').map((e) => e.row),
    );
    expect(finished.size).toBe(rows);
    expect(entries.filter((e) => e.type === 'run').length).toBe(runs);
    expect(JSON.stringify(entries)).not.toContain(emulator.credentials.clientSecret);
  } finally {
    await emulator.stop();
  }
}
