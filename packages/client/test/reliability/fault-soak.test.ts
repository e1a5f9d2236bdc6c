import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import { ApiError, OutcomeUnknownError } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CampaignClient, createCampaignClient } from '../../src/index.js';

/**
 * The fault soak: thousands of mixed calls through the real OAuth strategy and the client while
 * the emulator, seeded, throttles, fails, slows down and resets about one request in five on
 * IMS and on the gateway, and every few hundred calls all tokens expire at once.
 */

const CALLS = 5_000;
const WORKERS = 8;
const EXPIRE_EVERY = 400;
const SEED = 20_240_610;
const PROFILES = '/acme/campaign/profileAndServices/profile';

/** mulberry32: picks the operation of call `i` the same way on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = 'read' | 'list' | 'create' | 'update';

interface Figures {
  calls: Record<Kind, number>;
  failedIdempotent: Array<{ kind: Kind; error: string }>;
  creates: { ok: number; outcomeUnknown: number; refused: number; otherErrors: string[] };
  expiries: number;
  pagesRead: number;
}

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 300, seed: SEED });
});
afterAll(async () => {
  await emulator?.stop();
});

function injectFaults(target: Emulator): void {
  const { faults } = target;
  // IMS: the first re-authentication always meets two refusals, then throttling with
  // Retry-After, server errors and resets hit about 20% of token requests.
  faults.inject({ target: 'ims', kind: 'status', status: 429, retryAfterSeconds: 0.01, times: 2 });
  faults.inject({ target: 'ims', kind: 'status', status: 429, retryAfterSeconds: 0.01, probability: 0.1 });
  faults.inject({ target: 'ims', kind: 'status', status: 503, retryAfterSeconds: 0.01, probability: 0.04 });
  faults.inject({ target: 'ims', kind: 'status', status: 500, probability: 0.04 });
  faults.inject({ target: 'ims', kind: 'reset', probability: 0.03 });
  // Gateway: throttling with Retry-After, 503/504, resets (about 20% of API requests).
  faults.inject({ target: 'api', kind: 'status', status: 429, retryAfterSeconds: 0.01, probability: 0.1 });
  faults.inject({ target: 'api', kind: 'status', status: 503, retryAfterSeconds: 0.01, probability: 0.04 });
  faults.inject({ target: 'api', kind: 'status', status: 504, probability: 0.03 });
  faults.inject({ target: 'api', kind: 'reset', probability: 0.03 });
  // Random latency on what is left.
  faults.inject({ target: 'all', kind: 'latency', latencyMs: 40, probability: 0.01 });
  faults.inject({ target: 'all', kind: 'latency', latencyMs: 8, probability: 0.05 });
  faults.inject({ target: 'all', kind: 'latency', latencyMs: 1, probability: 0.2 });
}

async function soak(client: CampaignClient, keys: string[]): Promise<{ figures: Figures; emails: string[] }> {
  const pick = seeded(SEED);
  const plan: Array<{ kind: Kind; n: number }> = [];
  for (let n = 0; n < CALLS; n++) {
    const r = pick();
    plan.push({ n, kind: r < 0.4 ? 'read' : r < 0.6 ? 'list' : r < 0.8 ? 'create' : 'update' });
  }
  const figures: Figures = {
    calls: { read: 0, list: 0, create: 0, update: 0 },
    failedIdempotent: [],
    creates: { ok: 0, outcomeUnknown: 0, refused: 0, otherErrors: [] },
    expiries: 0,
    pagesRead: 0,
  };
  const emails: string[] = [];
  let next = 0;

  const one = async ({ kind, n }: { kind: Kind; n: number }): Promise<void> => {
    figures.calls[kind]++;
    const key = keys[n % keys.length]!;
    if (kind === 'create') {
      const email = `soak-${n}@example.com`;
      try {
        const created = await client.profiles.create({ email, firstName: 'Soak' });
        expect(created.email).toBe(email);
        figures.creates.ok++;
        emails.push(email);
      } catch (error) {
        if (error instanceof OutcomeUnknownError) figures.creates.outcomeUnknown++;
        else if (error instanceof ApiError && error.status === 429) figures.creates.refused++;
        else figures.creates.otherErrors.push(String(error));
      }
      return;
    }
    try {
      if (kind === 'read') {
        const profile = await client.profiles.get(key);
        expect(profile.PKey).toBe(key);
      } else if (kind === 'update') {
        await client.profiles.update(key, { firstName: `Soak${n}` });
      } else {
        let pages = 0;
        for await (const page of client.profiles.list({ pageSize: 25 }).pages()) {
          expect(page.items.length).toBeGreaterThan(0);
          if (++pages === 2) break;
        }
        figures.pagesRead += pages;
      }
    } catch (error) {
      figures.failedIdempotent.push({ kind, error: String(error) });
    }
  };

  const worker = async (): Promise<void> => {
    while (next < plan.length) {
      const call = plan[next++]!;
      if (call.n > 0 && call.n % EXPIRE_EVERY === 0) {
        emulator.expireTokens();
        figures.expiries++;
      }
      await one(call);
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return { figures, emails };
}

describe('fault soak', () => {
  it(`${CALLS} mixed calls through seeded IMS and gateway faults and forced expiries`, async () => {
    const c = emulator.credentials;
    const auth = createOAuthServerToServerAuth({
      clientId: c.clientId,
      clientSecrets: [c.clientSecret],
      orgId: c.orgId,
      scopes: c.scopes,
      imsUrl: emulator.imsUrl,
      retry: { maxRetries: 12, initialDelayMs: 2, maxDelayMs: 10, maxRetryAfterMs: 50 },
    });
    const client = createCampaignClient({
      auth,
      tenant: 'acme',
      baseUrl: emulator.baseUrl,
      retry: { maxRetries: 12, initialDelayMs: 2, maxDelayMs: 10, maxRetryAfterMs: 50 },
    });
    const keys: string[] = [];
    for await (const page of client.profiles.list({ pageSize: 100 }).pages()) {
      keys.push(...page.items.map((p) => p.PKey));
      if (keys.length >= 200) break;
    }
    emulator.stats.reset();

    injectFaults(emulator);
    const started = performance.now();
    const { figures, emails } = await soak(client, keys);
    const elapsedMs = Math.round(performance.now() - started);
    const log = emulator.stats.requests();
    emulator.faults.clear();

    const reauths = emulator.stats.tokenRequests({ outcome: 'success' });
    const tokenFaults = emulator.stats.tokenRequests({ outcome: 'error' });
    const apiFaults = log.filter((e) => e.target === 'api' && (e.status === 0 || e.status >= 429)).length;
    const apiRequests = emulator.stats.apiRequests();
    const unauthorized = emulator.stats.apiRequests({ status: 401 });

    // Every record the soak created, found by listing the whole table once, faults off.
    const created = new Map<string, number>();
    for await (const page of client.profiles.list({ pageSize: 500 }).pages()) {
      for (const profile of page.items) {
        if (profile.email?.startsWith('soak-'))
          created.set(profile.email, (created.get(profile.email) ?? 0) + 1);
      }
    }
    const duplicates = [...created.values()].filter((count) => count > 1).length;
    // A POST refused with 401 never reached Campaign: its one re-send with a new token is allowed.
    const postsSent = log.filter(
      (e) => e.method === 'POST' && e.path.startsWith(PROFILES) && e.status !== 401,
    ).length;

    console.log(
      JSON.stringify(
        {
          calls: CALLS,
          mix: figures.calls,
          pagesRead: figures.pagesRead,
          elapsedMs,
          apiRequests,
          apiFaultsInjected: apiFaults,
          unauthorized401: unauthorized,
          tokenRequestsFaulted: tokenFaults,
          forcedExpiries: figures.expiries,
          successfulTokenFetches: reauths,
          failedIdempotentCalls: figures.failedIdempotent.length,
          creates: { ...figures.creates, otherErrors: figures.creates.otherErrors.length },
          postsSent,
          createdRecordsFound: created.size,
          duplicateRecords: duplicates,
        },
        null,
        2,
      ),
    );

    expect(figures.failedIdempotent).toEqual([]);
    expect(figures.creates.otherErrors).toEqual([]);
    // One token request per forced expiry (the first token came before the soak).
    expect(figures.expiries).toBe(Math.floor((CALLS - 1) / EXPIRE_EVERY));
    expect(reauths).toBe(figures.expiries);
    // Faults really happened, and creates saw all three outcomes.
    expect(apiFaults).toBeGreaterThan(CALLS / 10);
    expect(tokenFaults).toBeGreaterThanOrEqual(2);
    expect(figures.creates.outcomeUnknown).toBeGreaterThan(0);
    expect(figures.creates.refused).toBeGreaterThan(0);
    // Never sent twice: one POST per create (past the gateway's token check), no duplicate record, every confirmed create stored.
    expect(postsSent).toBe(figures.calls.create);
    expect(duplicates).toBe(0);
    for (const email of emails) expect(created.get(email)).toBe(1);
    expect(created.size).toBeLessThanOrEqual(figures.calls.create);
    // A hang guard: the soak takes ~40 s alone and several times that on a loaded machine.
  }, 300_000);
});
