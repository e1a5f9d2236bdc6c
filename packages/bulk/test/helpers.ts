import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import {
  type CampaignClient,
  type CampaignClientOptions,
  createCampaignClient,
} from '@campaign-standard/client';
import { type Emulator, emulatorEnvironment } from '@campaign-standard/emulator';

/** A fresh empty directory. */
export function tempDir(prefix = 'acs-bulk-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A client of the emulator's demo credential, as a bulk job would make one. */
export function emulatorClient(
  emulator: Emulator,
  overrides: Partial<CampaignClientOptions> = {},
): CampaignClient {
  const env = emulatorEnvironment(emulator);
  return createCampaignClient({
    auth: fromEnvironment(env),
    tenant: env['ACS_TENANT']!,
    baseUrl: env['ACS_BASE_URL']!,
    retry: { initialDelayMs: 5, maxDelayMs: 50 },
    ...overrides,
  });
}

/** Writes a file and returns its path. */
export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The lines of an NDJSON file, parsed. */
export function readNdjsonFile<T = Record<string, unknown>>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** Collects an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The rejection of a promise, failing the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Every profile of the emulator's default instance, by e-mail. */
export async function profilesByEmail(
  client: CampaignClient,
): Promise<Map<string, Record<string, unknown>[]>> {
  const byEmail = new Map<string, Record<string, unknown>[]>();
  for await (const profile of client.list<Record<string, unknown>>('/profileAndServices/profile', {
    query: { _lineCount: 500 },
  })) {
    const email = String(profile['email']);
    byEmail.set(email, [...(byEmail.get(email) ?? []), profile]);
  }
  return byEmail;
}
