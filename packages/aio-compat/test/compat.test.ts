// What the compat layer adds to Adobe's functions: tokens from a strategy, the client's retries
// and origin check, typed causes, secrets kept out of errors, and the fixed-token path's warning.
import { inspect } from 'node:util';
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { ApiError, ConfigurationError, ForeignOriginError } from '@campaign-standard/core';
import { type Emulator, emulatorEnvironment, startEmulator } from '@campaign-standard/emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import sdk, {
  CampaignStandardSDKError,
  FIXED_TOKEN_WARNING_CODE,
  fixedTokenAuth,
  init,
} from '../src/index.js';

/** Forgets that the fixed-token warning was given (it is once per process). */
const resetWarning = () => {
  delete (globalThis as Record<symbol, unknown>)[
    Symbol.for('@campaign-standard/aio-compat.fixed-token-warned')
  ];
};

let emulator: Emulator;
let env: Record<string, string>;
let tenant: string;
let baseUrl: string;

async function imsToken(): Promise<string> {
  const c = emulator.credentials;
  const answer = await fetch(`${emulator.imsUrl}/ims/token/v3`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: c.clientSecret,
      scope: c.scopes.join(','),
    }),
  });
  return ((await answer.json()) as { access_token: string }).access_token;
}

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 12, seed: 5 });
  env = emulatorEnvironment(emulator);
  tenant = env['ACS_TENANT']!;
  baseUrl = env['ACS_BASE_URL']!;
});
afterAll(() => emulator?.stop());
afterEach(() => {
  emulator.faults.clear();
  vi.restoreAllMocks();
});

const firstPKey = async (campaign: Awaited<ReturnType<typeof init>>) =>
  (await campaign.getAllProfiles({ lineCount: 1 })).body.content[0]!.PKey as string;

describe('init', () => {
  it('is also the default export, as Adobe module is used (sdk.init)', () => {
    expect(sdk.init).toBe(init);
  });

  it('with a strategy: a new token after the old one expired, and an empty apiKey means its clientId', async () => {
    const campaign = await init(tenant, '', fromEnvironment(env), { baseUrl });
    expect(campaign.apiKey).toBe(emulator.credentials.clientId);
    const pkey = await firstPKey(campaign);
    emulator.expireTokens();
    expect((await campaign.getProfile(pkey)).status).toBe(200);
  });

  it('with a strategy: an apiKey that is not its clientId is refused', async () => {
    const error = await init(tenant, 'another-key', fromEnvironment(env), { baseUrl }).catch((e) => e);
    expect(error).toBeInstanceOf(CampaignStandardSDKError);
    expect(error.code).toBe('ERROR_SDK_INITIALIZATION');
    expect(error.message).toContain('apiKey is not the clientId of the AuthStrategy');
  });

  it('with a fixed token: works until the token expires, then rejects with the 401, never printing the token', async () => {
    const token = await imsToken();
    const campaign = await init(tenant, emulator.credentials.clientId, token, { baseUrl });
    const pkey = await firstPKey(campaign);
    emulator.expireTokens();
    const error = await campaign.getProfile(pkey).catch((e) => e);
    expect(error.code).toBe('ERROR_GET_PROFILE');
    expect(error.status).toBe(401);
    expect(error.cause).toBeInstanceOf(ApiError);
    for (const text of [error.message, JSON.stringify(error), inspect(error, { depth: 5 })]) {
      expect(text).not.toContain(token);
    }
  });

  it('with a fixed token: warns once per process that it expires and how to pass a strategy', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    resetWarning();
    const token = await imsToken();
    await init(tenant, emulator.credentials.clientId, token, { baseUrl });
    await init(tenant, emulator.credentials.clientId, token, { baseUrl });
    expect(warn).toHaveBeenCalledTimes(1);
    const [message, options] = warn.mock.calls[0] as [string, { code: string }];
    expect(options.code).toBe(FIXED_TOKEN_WARNING_CODE);
    expect(message).toContain('never renewed');
    expect(message).toContain('AuthStrategy');
    expect(message).not.toContain(token);
  });

  it('a token whose claims say it expired is refused before anything is sent', async () => {
    const claims = { created_at: String(Date.now() - 90_000_000), expires_in: '86400000' };
    const expired = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
    const auth = fixedTokenAuth(expired, emulator.credentials.clientId);
    await expect(auth.getToken()).rejects.toBeInstanceOf(ConfigurationError);
    const campaign = await init(tenant, emulator.credentials.clientId, expired, { baseUrl });
    emulator.stats.reset();
    const error = await campaign.getAllProfiles().catch((e) => e);
    expect(error.code).toBe('ERROR_GET_ALL_PROFILES');
    expect(error.message).toContain('accessToken expired at');
    expect(emulator.stats.apiRequests()).toBe(0);
  });

  it("a wrong option is refused as Adobe's init error, with the client's ConfigurationError as cause", async () => {
    const error = await init(tenant, '', fromEnvironment(env), { baseUrl, timeout: -1 }).catch((e) => e);
    expect(error.code).toBe('ERROR_SDK_INITIALIZATION');
    expect(error.cause).toBeInstanceOf(ConfigurationError);
  });
});

describe('calls through the client', () => {
  it('a GET answered 503 once is retried and resolves', async () => {
    const campaign = await init(tenant, '', fromEnvironment(env), {
      baseUrl,
      retry: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    const pkey = await firstPKey(campaign);
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1 });
    expect((await campaign.getProfile(pkey)).body.PKey).toBe(pkey);
  });

  it('a create answered 503 is not sent again: it rejects with the unknown outcome as cause', async () => {
    const campaign = await init(tenant, '', fromEnvironment(env), { baseUrl });
    emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1 });
    emulator.stats.reset();
    const error = await campaign.createProfile({ email: 'once@example.com' }).catch((e) => e);
    expect(error.code).toBe('ERROR_CREATE_PROFILE');
    expect(error.cause.code).toBe('ERR_OUTCOME_UNKNOWN');
    expect(emulator.stats.apiRequests()).toBe(1);
  });

  it('getDataFromRelativeUrl pages a whole list by next.href', async () => {
    const campaign = await init(tenant, '', fromEnvironment(env), { baseUrl });
    let page = await campaign.getAllProfiles({ lineCount: 5 });
    const keys = page.body.content.map((p) => p.PKey);
    while (page.body.next?.href) {
      page = await campaign.getDataFromRelativeUrl(page.body.next.href);
      keys.push(...page.body.content.map((p) => p.PKey));
    }
    expect(keys).toHaveLength(12);
    expect(new Set(keys).size).toBe(12);
  });

  it('postDataToUrl and getDataFromRelativeUrl refuse another origin before the token goes there', async () => {
    const campaign = await init(tenant, '', fromEnvironment(env), { baseUrl });
    await expect(campaign.postDataToUrl('https://elsewhere.example/steal', {})).rejects.toBeInstanceOf(
      ForeignOriginError,
    );
    const error = await campaign.getDataFromRelativeUrl('https://elsewhere.example/x').catch((e) => e);
    expect(error.code).toBe('ERROR_GET_DATA_FROM_RELATIVE_URL');
    expect(error.cause).toBeInstanceOf(ForeignOriginError);
  });

  it('a key that is not a key is refused before anything is sent', async () => {
    const campaign = await init(tenant, '', fromEnvironment(env), { baseUrl });
    emulator.stats.reset();
    const error = await campaign.getProfile('byEmail').catch((e) => e);
    expect(error.code).toBe('ERROR_GET_PROFILE');
    expect(error.cause).toBeInstanceOf(ConfigurationError);
    expect(emulator.stats.apiRequests()).toBe(0);
  });

  it('the response object has the fields Adobe users read', async () => {
    const campaign = await init(tenant, '', fromEnvironment(env), { baseUrl });
    const res = await campaign.getAllProfiles({ lineCount: 1 });
    expect(res).toMatchObject({ ok: true, status: 200, statusText: 'OK' });
    expect(res.url).toBe(`${baseUrl}/${tenant}/campaign/profileAndServices/profile?_lineCount=1`);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.obj).toBe(res.body);
    expect(JSON.parse(res.text)).toEqual(res.body);
    expect(res.data).toBe(res.text);
  });
});
