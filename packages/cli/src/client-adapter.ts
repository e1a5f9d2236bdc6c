import type { CampaignClient, ClientRetryOptions, Middleware } from '@campaign-standard/client';
import {
  type AuthStrategy,
  type CampaignEnvironment,
  createRecord,
  type FetchLike,
} from '@campaign-standard/core';
import type { CampaignCalls, Query } from './campaign.js';

/** Options of {@link createCampaignCalls}. */
export interface CampaignCallsOptions {
  auth: AuthStrategy;
  tenant: string;
  environment?: string | undefined;
  baseUrl?: string | undefined;
  fetch: typeof fetch;
  timeoutMs?: number | undefined;
}

function cleanQuery(query: Query | undefined): Record<string, string | number | boolean> | undefined {
  if (!query) return undefined;
  const out = createRecord<string | number | boolean>();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * The retries of a client whose job paces itself (the bulk commands, a fleet worker): the client
 * leaves 429 out, so every 429 reaches the job's rate controller, which slows down, instead of
 * being retried blindly; 503 and 504 are still retried by the client.
 */
export const RETRY_WITHOUT_429: ClientRetryOptions = Object.freeze({ statusCodes: [503, 504] });

/** More of a command's client: the middleware and `fetch` of a fleet's rate budget (`acs worker`). */
export interface CliClientExtras {
  middleware?: Middleware[];
  fetch?: FetchLike;
}

/**
 * The `@campaign-standard/client` of a command, built from the session's settings (`retry` as
 * given, e.g. without 429 for the bulk commands, whose job slows down on it).
 */
export async function createCliClient(
  options: CampaignCallsOptions,
  retry?: ClientRetryOptions,
  extra?: CliClientExtras,
): Promise<CampaignClient> {
  const { createCampaignClient } = await import('@campaign-standard/client');
  return createCampaignClient({
    auth: options.auth,
    tenant: options.tenant,
    ...(options.environment ? { environment: options.environment as CampaignEnvironment } : {}),
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    fetch: extra?.fetch ?? options.fetch,
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    ...(retry ? { retry } : {}),
    ...(extra?.middleware ? { middleware: extra.middleware } : {}),
    userAgent: 'acs-cli',
  });
}

/**
 * {@link CampaignCalls} over `@campaign-standard/client`: its `request` escape hatch carries the
 * authentication, re-authentication on 401, retries, typed errors and the same-origin rule for
 * hrefs; lists are the client's, following `next.href` page by page.
 */
export async function createCampaignCalls(options: CampaignCallsOptions): Promise<CampaignCalls> {
  const client = await createCliClient(options);
  type Method = Parameters<typeof client.request>[0];
  const call: CampaignCalls['call'] = async (method, path, init = {}) => {
    const outcome = await client.request(method as Method, path, {
      body: init.body,
      query: cleanQuery(init.query),
    });
    if (outcome.error) throw outcome.error;
    return outcome.data;
  };
  return {
    call,
    async *pages(path, query) {
      for await (const page of client.list(path, { query: cleanQuery(query) }).pages()) yield page.items;
    },
  };
}
