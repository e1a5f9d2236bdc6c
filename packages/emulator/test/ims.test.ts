import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { newKeyPair, postForm, signJwt } from './helpers.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ tokenLifetimeSeconds: 3600 });
});
afterAll(() => emulator.stop());

const c = () => emulator.credentials;

async function exchange(fields: Record<string, string>, path = '/ims/exchange/jwt') {
  const res = await postForm(`${emulator.imsUrl}${path}`, fields);
  return { res, body: (await res.json()) as Record<string, unknown> };
}

async function exchangeJwt(jwt: string, secret = c().clientSecret) {
  return exchange({ client_id: c().clientId, client_secret: secret, jwt_token: jwt });
}

describe('JWT exchange', () => {
  it('mints an IMS-shaped token with expires_in in milliseconds', async () => {
    const { res, body } = await exchangeJwt(await signJwt(emulator));
    expect(res.status).toBe(200);
    expect(body.token_type).toBe('bearer');
    expect(body.expires_in).toBe(3_599_999);
    const token = body.access_token as string;
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'RS256',
      x5u: 'ims_na1-key-at-1.cer',
      kid: 'ims_na1-key-at-1',
    });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      type: 'access_token',
      client_id: c().clientId,
      user_id: c().technicalAccountId,
      as: 'ims-na1',
      expires_in: '3600000',
    });
    expect(typeof claims.created_at).toBe('string');
    expect(typeof claims.id).toBe('string');
    expect(Math.abs(Number(claims.created_at) - Date.now())).toBeLessThan(60_000);
  });

  it('accepts a trailing slash and a multipart body (as Adobe libraries send)', async () => {
    const form = new FormData();
    form.append('client_id', c().clientId);
    form.append('client_secret', c().clientSecret);
    form.append('jwt_token', await signJwt(emulator));
    const res = await fetch(`${emulator.imsUrl}/ims/exchange/jwt/`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
  });

  it('rejects an undecodable JWT', async () => {
    const { res, body } = await exchangeJwt('not-a-jwt');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-debug-id')).toMatch(/^[0-9a-f]+$/);
    expect(body).toEqual({
      error: 'invalid_token',
      error_description: 'JWT token is incorrectly formatted, and can not be decoded.',
    });
  });

  it('rejects a JWT that is not RS256', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ aud: 'x' })).toString('base64url');
    const { body } = await exchangeJwt(`${header}.${payload}.c2ln`);
    expect(body.error).toBe('invalid_token');
  });

  it('rejects an audience naming an unknown client', async () => {
    const jwt = await signJwt(emulator, { aud: `${emulator.imsUrl}/c/nobody` });
    const { res, body } = await exchangeJwt(jwt);
    expect(res.status).toBe(400);
    expect(body.error).toBe('invalid_client');
  });

  it('rejects a wrong client secret with 401', async () => {
    const { res, body } = await exchangeJwt(await signJwt(emulator), 'wrong-secret-value');
    expect(res.status).toBe(401);
    expect(body.error).toBe('invalid_client');
  });

  it('rejects a JWT signed by a key bound to no certificate of the client', async () => {
    const { res, body } = await exchangeJwt(await signJwt(emulator, {}, newKeyPair().privateKey));
    expect(res.status).toBe(400);
    expect(body).toEqual({
      error: 'invalid_token',
      error_description: 'Could not match JWT signature to any of the bindings',
    });
  });

  it('rejects an expired JWT and a non-integer exp', async () => {
    const expired = await exchangeJwt(await signJwt(emulator, { exp: Math.floor(Date.now() / 1000) - 10 }));
    expect(expired.res.status).toBe(400);
    expect(expired.body.error).toBe('invalid_token');
    expect(String(expired.body.error_description)).toMatch(/expired/);
    const fractional = await exchangeJwt(await signJwt(emulator, { exp: Date.now() / 1000 + 300.5 }));
    expect(fractional.body.error).toBe('invalid_token');
  });

  it('rejects iss or sub of another organization or account', async () => {
    for (const claim of ['iss', 'sub']) {
      const { res, body } = await exchangeJwt(await signJwt(emulator, { [claim]: 'someone@else' }));
      expect(res.status).toBe(400);
      expect(body.error).toBe('bad_request');
    }
  });

  it('rejects metascopes outside the binding, and a JWT without any', async () => {
    const outside = await exchangeJwt(
      await signJwt(emulator, { [`${emulator.imsUrl}/s/ent_gdpr_sdk`]: true }),
    );
    expect(outside.res.status).toBe(400);
    expect(outside.body).toEqual({
      error: 'invalid_scope',
      error_description: 'The metascopes in the JWT are not a subset of the metascopes in the binding.',
    });
    const none = await exchangeJwt(
      await signJwt(emulator, { [`${emulator.imsUrl}/s/ent_campaign_sdk`]: undefined }),
    );
    expect(none.body.error).toBe('invalid_scope');
  });

  it('verifies against X.509 certificates registered for a client', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'emu-cert-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-sha256',
          '-nodes',
          '-days',
          '1',
          '-newkey',
          'rsa:2048',
          '-keyout',
          join(dir, 'private.key'),
          '-out',
          join(dir, 'cert.crt'),
          '-subj',
          '/CN=emulator-test',
        ],
        { stdio: 'ignore' },
      );
      const privateKey = readFileSync(join(dir, 'private.key'), 'utf8');
      const certificate = readFileSync(join(dir, 'cert.crt'), 'utf8');
      emulator.registerClient({
        clientId: 'cert-client',
        clientSecrets: ['cert-client-secret'],
        orgId: c().orgId,
        technicalAccountId: c().technicalAccountId,
        scopes: [],
        metascopes: ['ent_campaign_sdk'],
        publicKeys: [certificate],
      });
      const jwt = await signJwt(emulator, { aud: `${emulator.imsUrl}/c/cert-client` }, privateKey);
      const { res } = await exchange({
        client_id: 'cert-client',
        client_secret: 'cert-client-secret',
        jwt_token: jwt,
      });
      expect(res.status).toBe(200);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('client credentials', () => {
  const fields = () => ({
    grant_type: 'client_credentials',
    client_id: c().clientId,
    client_secret: c().clientSecret,
    scope: 'openid, AdobeID ,campaign_sdk',
  });

  it.each(['v2', 'v3', 'v4'])('serves /ims/token/%s with expires_in in seconds', async (version) => {
    const res = await postForm(`${emulator.imsUrl}/ims/token/${version}`, { ...fields(), org_id: 'ignored' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'bearer', expires_in: 3599 });
    expect(decodeJwt(body.access_token as string).scope).toBe('openid,AdobeID,campaign_sdk');
  });

  it('reads the query string, multipart bodies and HTTP Basic client authentication', async () => {
    const query = new URLSearchParams(fields()).toString();
    expect((await fetch(`${emulator.imsUrl}/ims/token/v2?${query}`, { method: 'POST' })).status).toBe(200);
    const form = new FormData();
    for (const [k, v] of Object.entries(fields())) form.append(k, v);
    expect((await fetch(`${emulator.imsUrl}/ims/token/v3`, { method: 'POST', body: form })).status).toBe(200);
    const basic = Buffer.from(`${c().clientId}:${c().clientSecret}`).toString('base64');
    const res = await postForm(
      `${emulator.imsUrl}/ims/token/v3`,
      { grant_type: 'client_credentials', scope: 'openid' },
      { headers: { authorization: `Basic ${basic}` } },
    );
    expect(res.status).toBe(200);
  });

  it('accepts either of two secrets', async () => {
    emulator.registerClient({
      clientId: 'rotating',
      clientSecrets: ['old-secret-value', 'new-secret-value'],
      orgId: c().orgId,
      technicalAccountId: c().technicalAccountId,
      scopes: ['openid'],
      metascopes: [],
    });
    for (const secret of ['old-secret-value', 'new-secret-value']) {
      const res = await postForm(`${emulator.imsUrl}/ims/token/v3`, {
        grant_type: 'client_credentials',
        client_id: 'rotating',
        client_secret: secret,
        scope: 'openid',
      });
      expect(res.status).toBe(200);
    }
  });

  it.each([
    [{ client_id: 'unknown' }, 400, 'invalid_client', 'invalid client_id parameter'],
    [{ client_secret: 'wrong-secret' }, 400, 'invalid_client', 'invalid client_secret parameter'],
    [{ scope: 'openid,ent_gdpr' }, 400, 'invalid_scope', undefined],
    [{ grant_type: '' }, 400, 'invalid_request', undefined],
    [{ grant_type: 'password' }, 400, 'unsupported_grant_type', undefined],
  ])('refuses %o', async (override, status, error, description) => {
    const res = await postForm(`${emulator.imsUrl}/ims/token/v3`, { ...fields(), ...override });
    expect(res.status).toBe(status);
    expect(res.headers.get('x-debug-id')).toBeTruthy();
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.error).toBe(error);
    if (description) expect(body.error_description).toBe(description);
  });
});

describe('token counters', () => {
  it('counts token requests per client, grant and outcome', async () => {
    emulator.stats.reset();
    await exchangeJwt(await signJwt(emulator));
    await exchangeJwt('garbage');
    await postForm(`${emulator.imsUrl}/ims/token/v3`, {
      grant_type: 'client_credentials',
      client_id: c().clientId,
      client_secret: c().clientSecret,
    });
    expect(emulator.stats.tokenRequests()).toBe(3);
    expect(emulator.stats.tokenRequests({ grant: 'jwt' })).toBe(2);
    expect(emulator.stats.tokenRequests({ grant: 'jwt', outcome: 'error' })).toBe(1);
    expect(emulator.stats.tokenRequests({ clientId: c().clientId, outcome: 'success' })).toBe(2);
    expect(emulator.stats.tokenRequests({ clientId: 'other' })).toBe(0);
  });

  it('never logs a secret or token', async () => {
    emulator.stats.reset();
    const q = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: c().clientId,
      client_secret: c().clientSecret,
    });
    await fetch(`${emulator.imsUrl}/ims/token/v2?${q}`, { method: 'POST' });
    const log = JSON.stringify(emulator.stats.requests());
    expect(log).toContain('/ims/token/v2');
    expect(log).not.toContain(c().clientSecret);
  });
});

describe('other IMS endpoints', () => {
  it('validates tokens and serves discovery', async () => {
    const res = await postForm(`${emulator.imsUrl}/ims/token/v3`, {
      grant_type: 'client_credentials',
      client_id: c().clientId,
      client_secret: c().clientSecret,
    });
    const { access_token } = (await res.json()) as { access_token: string };
    const valid = await postForm(
      `${emulator.imsUrl}/ims/validate_token/v1`,
      { type: 'access_token', client_id: c().clientId },
      { headers: { authorization: `Bearer ${access_token}` } },
    );
    expect(((await valid.json()) as { valid: boolean }).valid).toBe(true);
    const discovery = await fetch(`${emulator.imsUrl}/ims/.well-known/openid-configuration`);
    expect(((await discovery.json()) as { token_endpoint: string }).token_endpoint).toBe(
      `${emulator.imsUrl}/ims/token/v3`,
    );
  });
});
