// A Cloudflare Worker calling Campaign with one token for all its isolates: the token is kept in
// Workers KV, so a new isolate (a cold start, another location) reads it instead of asking IMS.
// wrangler.toml: kv_namespaces = [{ binding = "CAMPAIGN_TOKENS", id = "…" }], the ACS_* settings
// in [vars], and the secret with `wrangler secret put ACS_CLIENT_SECRET`.
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { type CampaignClient, createCampaignClient } from '@campaign-standard/client';
import { isStoredToken, type TokenStore } from '@campaign-standard/core';

/** The part of a Workers KV binding the store uses (the whole type: @cloudflare/workers-types). */
interface KvNamespace {
  get(key: string, type: 'json'): Promise<unknown>;
  put(key: string, value: string, options?: { expiration?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

interface Env {
  CAMPAIGN_TOKENS: KvNamespace;
  ACS_TENANT: string;
  ACS_BASE_URL?: string;
  [setting: string]: unknown;
}

/** A token store over Workers KV: an entry expires with its token. */
export function kvTokenStore(kv: KvNamespace): TokenStore {
  return {
    async get(key) {
      const entry = await kv.get(key, 'json');
      return isStoredToken(entry) ? entry : undefined; // anything else is ignored, not trusted
    },
    async set(key, entry) {
      const expiration = Math.floor(entry.accessToken.expiresOnTimestamp / 1000);
      // KV keeps an entry 60 seconds at least: a token closer to its end stays in memory only.
      if (expiration - Date.now() / 1000 > 60) await kv.put(key, JSON.stringify(entry), { expiration });
    },
    async delete(key) {
      await kv.delete(key);
    },
  };
}

// Built by the first request, then kept by the isolate, its token in memory.
let campaign: CampaignClient | undefined;

export default {
  async fetch(_request: Request, env: Env): Promise<Response> {
    campaign ??= createCampaignClient({
      auth: fromEnvironment(env as Record<string, string | undefined>, {
        store: kvTokenStore(env.CAMPAIGN_TOKENS),
      }),
      tenant: env.ACS_TENANT,
      baseUrl: env.ACS_BASE_URL, // unset: https://mc.adobe.io
    });
    const profiles = await campaign.profiles.list().count();
    return Response.json({ profiles });
  },
};
