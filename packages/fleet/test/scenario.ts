// What a fleet test imports, and how its end state is checked: the emulator's profiles of the
// test's domain must be exactly the expected set, each once.
import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import { type CampaignClient, createCampaignClient } from '@campaign-standard/client';
import type { Emulator } from '@campaign-standard/emulator';
import { seededRandom } from './processes.js';

/** The fields the test sets. */
export interface Person {
  email: string;
  firstName: string;
  lastName: string;
  gender: string;
}

/** The rows of an import and the state they must leave. */
export interface Plan {
  rows: Person[];
  /** The final fields of each key Campaign accepts, by e-mail. */
  expected: Map<string, Omit<Person, 'email'>>;
  /** Rows Campaign refuses (a gender outside its enumeration). */
  refused: number;
}

/**
 * `count` rows of `domain`: mostly new keys, about 2% repeating an earlier key (a later chunk's
 * row would race the first one's create if the fleet split them), about 1% refused.
 */
export function plan(count: number, seed: number, domain: string): Plan {
  const random = seededRandom(seed);
  const rows: Person[] = [];
  const expected = new Map<string, Omit<Person, 'email'>>();
  let refused = 0;
  for (let i = 1; i <= count; i++) {
    const again = i > 10 && random() < 0.02;
    const email = again ? rows[Math.floor(random() * rows.length)]!.email : `p${i}.${seed}@${domain}`;
    const row: Person = {
      email,
      firstName: `First${i}`,
      lastName: `Last${i}`,
      gender: random() < 0.5 ? 'male' : 'female',
    };
    if (random() < 0.01) {
      row.gender = 'robot';
      refused++;
    } else {
      const { email: _, ...fields } = row;
      expected.set(email, fields);
    }
    rows.push(row);
  }
  return { rows, expected, refused };
}

/** A client of the emulator's demo credential (its own token: not one of the fleet's). */
export function checkingClient(emulator: Emulator): CampaignClient {
  const c = emulator.credentials;
  return createCampaignClient({
    auth: createOAuthServerToServerAuth({
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      orgId: c.orgId,
      scopes: c.scopes,
      imsUrl: emulator.imsUrl,
    }),
    tenant: c.tenant,
    baseUrl: emulator.baseUrl,
  });
}

/** The profiles of `domain`, by e-mail (a key found twice is a duplicate). */
export async function profilesOf(
  client: CampaignClient,
  domain: string,
): Promise<Map<string, Record<string, unknown>[]>> {
  const byEmail = new Map<string, Record<string, unknown>[]>();
  for await (const profile of client.list<Record<string, unknown>>('/profileAndServices/profile', {
    query: { _lineCount: 1000 },
  })) {
    const email = String(profile['email']);
    if (!email.endsWith(`@${domain}`)) continue;
    byEmail.set(email, [...(byEmail.get(email) ?? []), profile]);
  }
  return byEmail;
}

/** Differences between the profiles found and the plan: empty when they match exactly. */
export function differences(
  found: Map<string, Record<string, unknown>[]>,
  expected: Plan['expected'],
): string[] {
  const problems: string[] = [];
  for (const [email, records] of found) {
    if (records.length > 1) problems.push(`${email}: ${records.length} records`);
    if (!expected.has(email)) problems.push(`${email}: not expected`);
  }
  for (const [email, fields] of expected) {
    const record = found.get(email)?.[0];
    if (!record) {
      problems.push(`${email}: missing`);
      continue;
    }
    for (const [field, value] of Object.entries(fields)) {
      if (record[field] !== value)
        problems.push(`${email}: ${field} is ${String(record[field])}, expected ${value}`);
    }
  }
  return problems;
}
