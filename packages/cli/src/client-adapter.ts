import type { AuthStrategy, CampaignEnvironment } from '@campaign-standard/core';
import { UnexpectedResponseError } from '@campaign-standard/core';
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
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * {@link CampaignCalls} over `@campaign-standard/client`: its `request` escape hatch carries the
 * authentication, re-authentication on 401, retries, typed errors and the same-origin rule for
 * hrefs; lists follow `next.href` page by page.
 */
export async function createCampaignCalls(options: CampaignCallsOptions): Promise<CampaignCalls> {
  const { createCampaignClient } = await import('@campaign-standard/client');
  const client = createCampaignClient({
    auth: options.auth,
    tenant: options.tenant,
    ...(options.environment ? { environment: options.environment as CampaignEnvironment } : {}),
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    fetch: options.fetch,
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    userAgent: 'acs-cli',
  });
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
      let next: string | undefined = path;
      let first = true;
      while (next !== undefined) {
        const envelope = (await call('GET', next, first ? { query } : {})) as
          | { content?: unknown; next?: { href?: unknown } }
          | undefined;
        first = false;
        if (!envelope || !Array.isArray(envelope.content))
          throw new UnexpectedResponseError(`Expected a list from ${path}`, {
            status: 200,
            body: JSON.stringify(envelope ?? null),
          });
        yield envelope.content;
        const href: unknown = envelope.next?.href;
        next = typeof href === 'string' && href !== '' ? href : undefined;
      }
    },
  };
}
