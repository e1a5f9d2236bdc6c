import { createJwtAuth } from '@campaign-standard/auth-jwt';
import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import { type CampaignClient, createCampaignClient } from '@campaign-standard/client';
import { AbortedError, ApiError, type AuthStrategy, type TokenStore } from '@campaign-standard/core';

/** The emulator fault the abort check asks for (a subset of the emulator's `FaultSpec`). */
export interface SmokeFault {
  target: 'api';
  kind: 'latency';
  latencyMs: number;
  times: number;
  pathPrefix: string;
}

/**
 * What a runtime under test needs to talk to the emulator, served by the Node test's control
 * server at `GET <control>/config` (so no secret travels on a command line).
 */
export interface SmokeConfig {
  /** The runtime's name, as the test calls it (`node-22`, `deno`, `workerd`, …). */
  runtime: string;
  imsUrl: string;
  baseUrl: string;
  tenant: string;
  clientId: string;
  clientSecret: string;
  orgId: string;
  scopes: string[];
  technicalAccountId: string;
  metascopes: string[];
  /** The emulator's JWT signing key, PKCS#8 PEM. */
  privateKey: string;
  /** How many profiles the emulator holds (the list check reads them all). */
  profiles: number;
  /** The page size the list check asks for. */
  pageSize: number;
}

/** The outcome of one check, as the runtime under test saw it. Holds no secret. */
export interface SmokeCheck {
  name: SmokeCheckName;
  ok: boolean;
  /** What was seen: counts, class names, error names. Never a token or a key. */
  detail: string;
}

/** Every package of the SDK with an export each must have, imported as a user's program would. */
export const SDK_PACKAGES: ReadonlyArray<[name: string, exportName: string]> = [
  ['@campaign-standard/core', 'createTokenCache'],
  ['@campaign-standard/auth-oauth', 'createOAuthServerToServerAuth'],
  ['@campaign-standard/auth-jwt', 'createJwtAuth'],
  ['@campaign-standard/client', 'createCampaignClient'],
  ['@campaign-standard/bulk', 'importRecords'],
  ['@campaign-standard/fleet', 'createFleet'],
  ['@campaign-standard/aio-compat', 'init'],
  ['@campaign-standard/emulator', 'startEmulator'],
  ['@campaign-standard/proxy', 'createProxyFetch'],
  ['@campaign-standard/token-store-redis', 'createRedisTokenStore'],
  ['@campaign-standard/cli', 'runCli'],
];

/** The checks every runtime runs, in this order. */
export const SMOKE_CHECKS = [
  'oauth-token',
  'jwt-token',
  'list-pages',
  'get',
  'create',
  'typed-error',
  'abort',
  'reauth-401',
] as const;

/** The name of a check of the smoke suite. */
export type SmokeCheckName = (typeof SMOKE_CHECKS)[number];

/** The Node test's control server: what the runtime under test may ask of the emulator. */
export interface SmokeControl {
  config(): Promise<SmokeConfig>;
  /** Every token issued so far becomes expired (Campaign answers 401013 to it). */
  expireTokens(): Promise<void>;
  injectFault(fault: SmokeFault): Promise<void>;
  clearFaults(): Promise<void>;
}

/** A {@link SmokeControl} over HTTP at `controlUrl`, with the runtime's own `fetch`. */
export function httpControl(controlUrl: string): SmokeControl {
  const base = controlUrl.replace(/\/+$/, '');
  const post = async (path: string, body?: unknown): Promise<void> => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`control ${path} answered ${response.status}`);
  };
  return {
    async config() {
      const response = await fetch(`${base}/config`);
      if (!response.ok) throw new Error(`control /config answered ${response.status}`);
      return (await response.json()) as SmokeConfig;
    },
    expireTokens: () => post('/expire-tokens'),
    injectFault: (fault) => post('/faults', fault),
    clearFaults: () => post('/clear-faults'),
  };
}

/** Options of {@link runSmoke}. */
export interface RunSmokeOptions {
  /** The token store of the OAuth strategy (Workers: KV). Default: memory. */
  store?: TokenStore | undefined;
}

/** The OAuth strategy the smoke suite uses, from the emulator's credentials. */
export function smokeAuth(config: SmokeConfig, store?: TokenStore): AuthStrategy {
  return createOAuthServerToServerAuth({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    orgId: config.orgId,
    scopes: config.scopes,
    imsUrl: config.imsUrl,
    store,
  });
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${typeof code === 'string' ? ` (${code})` : ''}: ${error.message}`;
  }
  return String(error);
}

async function check(
  results: SmokeCheck[],
  name: SmokeCheckName,
  body: () => Promise<string>,
): Promise<void> {
  try {
    results.push({ name, ok: true, detail: await body() });
  } catch (error) {
    results.push({ name, ok: false, detail: describeError(error) });
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/**
 * The smoke suite, written once and run in every runtime: a token with auth-oauth and with
 * auth-jwt, `profiles.list` over several pages, `profiles.get`, a create, an error mapped to its
 * typed class, an abort, and the 401 re-auth path. Each check's outcome is returned, not thrown,
 * so the Node test reports every check of every runtime.
 */
export async function runSmoke(control: SmokeControl, options: RunSmokeOptions = {}): Promise<SmokeCheck[]> {
  const config = await control.config();
  const results: SmokeCheck[] = [];
  const auth = smokeAuth(config, options.store);
  const client: CampaignClient = createCampaignClient({
    auth,
    tenant: config.tenant,
    baseUrl: config.baseUrl,
  });

  await check(results, 'oauth-token', async () => {
    const token = await auth.getToken();
    assert(token.tokenType === 'bearer', `token type ${token.tokenType}`);
    assert(token.token.length > 20, 'an empty token');
    assert(token.expiresOnTimestamp > Date.now(), 'the token is already expired');
    return `bearer token, expires in ${Math.round((token.expiresOnTimestamp - Date.now()) / 60_000)} min`;
  });

  await check(results, 'jwt-token', async () => {
    const jwt = createJwtAuth({
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      orgId: config.orgId,
      technicalAccountId: config.technicalAccountId,
      metascopes: config.metascopes,
      privateKey: config.privateKey,
      imsUrl: config.imsUrl,
      quietDeprecation: true,
    });
    const token = await jwt.getToken();
    assert(token.token.length > 20, 'an empty token');
    return 'RS256 JWT exchanged for a bearer token';
  });

  let firstKey: string | undefined;
  let firstEmail: string | undefined;
  await check(results, 'list-pages', async () => {
    const sizes: number[] = [];
    const keys = new Set<string>();
    for await (const page of client.profiles.list({ pageSize: config.pageSize }).pages()) {
      sizes.push(page.items.length);
      for (const profile of page.items) {
        assert(typeof profile.PKey === 'string', 'a profile without PKey');
        keys.add(profile.PKey);
        firstKey ??= profile.PKey;
        firstEmail ??= profile.email;
      }
    }
    assert(sizes.length > 1, `one page only (${sizes.join(',')})`);
    assert(keys.size === config.profiles, `${keys.size} distinct profiles, expected ${config.profiles}`);
    return `${sizes.length} pages (${sizes.join('+')}), ${keys.size} distinct profiles`;
  });

  await check(results, 'get', async () => {
    assert(firstKey, 'no profile listed');
    const profile = await client.profiles.get(firstKey);
    assert(profile.PKey === firstKey, 'another profile came back');
    assert(profile.email === firstEmail, 'the e-mail differs from the list');
    return 'the listed profile, by PKey';
  });

  let createdKey: string | undefined;
  await check(results, 'create', async () => {
    const email = `smoke-${config.runtime}@example.com`;
    const created = await client.profiles.create({ email, firstName: 'Smoke' });
    assert(typeof created.PKey === 'string', 'no PKey in the answer');
    const read = await client.profiles.get(created.PKey);
    assert(read.email === email, 'the created profile reads back with another e-mail');
    createdKey = created.PKey;
    return 'created, then read back by its PKey';
  });

  await check(results, 'typed-error', async () => {
    assert(createdKey, 'no profile created');
    // The profile just created, deleted: reading it again is Campaign's 404.
    await client.profiles.delete(createdKey);
    try {
      await client.profiles.get(createdKey);
    } catch (error) {
      assert(error instanceof ApiError, `${describeError(error)} is not an ApiError`);
      assert(error.status === 404, `status ${error.status}`);
      return `${error.name} ${error.code}, status ${error.status}`;
    }
    throw new Error('no error for a profile that does not exist');
  });

  await check(results, 'abort', async () => {
    assert(firstKey, 'no profile listed');
    // The emulator holds this answer a minute; the call is aborted while it waits, and must
    // reject with the typed AbortedError at once, not when the answer comes.
    const path = `/${config.tenant}/campaign/profileAndServices/profile/${firstKey}`;
    await control.injectFault({
      target: 'api',
      kind: 'latency',
      latencyMs: 60_000,
      times: 1,
      pathPrefix: path,
    });
    const controller = new AbortController();
    const sent = client.profiles.get(firstKey, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 0));
    controller.abort();
    const started = Date.now();
    try {
      await sent;
    } catch (error) {
      assert(error instanceof AbortedError, `${describeError(error)} is not an AbortedError`);
      await control.clearFaults();
      return `${error.name} ${error.code} after the abort (${Date.now() - started} ms)`;
    }
    throw new Error('the aborted call resolved');
  });

  await check(results, 'reauth-401', async () => {
    const before = (await auth.getToken()).token;
    await control.expireTokens();
    assert(firstKey, 'no profile listed');
    const profile = await client.profiles.get(firstKey);
    assert(profile.PKey === firstKey, 'another profile came back');
    const after = (await auth.getToken()).token;
    assert(after !== before, 'the refused token is still in use');
    return 'a 401 on an expired token: one new token, the call sent again and answered';
  });

  return results;
}
