import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jwtShaped } from '../test/helpers.js';
import { AbortedError, ImsError, NetworkError, TimeoutError, UnexpectedResponseError } from './errors.js';
import { checkImsUrl, DEFAULT_IMS_URL, requestImsToken } from './ims-request.js';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

const SECRET = 'p8e-ims-request-test-secret';
let server: Server;
let imsUrl: string;
let seen: Seen[] = [];
let reply: (res: ServerResponse) => void = () => {};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      reply(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  imsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
});

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

const request = (overrides: Partial<Parameters<typeof requestImsToken>[0]> = {}) =>
  requestImsToken({
    imsUrl,
    path: '/ims/token/v3',
    params: {
      grant_type: 'client_credentials',
      client_id: 'client-1',
      client_secret: SECRET,
      scope: 'openid,AdobeID',
    },
    userAgent: 'campaign-standard-sdk-test/1.0',
    ...overrides,
  });

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

function expectNoSecret(error: unknown, ...secrets: string[]) {
  const printed = [
    String(error),
    (error as Error).stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
    inspect((error as Error).cause, { depth: 10 }),
  ].join('\n');
  for (const secret of secrets) expect(printed).not.toContain(secret);
}

describe('requestImsToken', () => {
  it('posts an urlencoded form with the secret in the body only, and returns the answer', async () => {
    const token = jwtShaped({ created_at: String(Date.now()), expires_in: '86400000' });
    reply = json(200, { access_token: token, token_type: 'bearer', expires_in: 86_399 });
    const answer = await request();
    expect(answer).toEqual({ access_token: token, token_type: 'bearer', expires_in: 86_399 });

    const [call] = seen;
    expect(call?.method).toBe('POST');
    expect(call?.url).toBe('/ims/token/v3');
    expect(call?.url).not.toContain(SECRET);
    expect(call?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call?.headers.accept).toBe('application/json');
    expect(call?.headers['user-agent']).toBe('campaign-standard-sdk-test/1.0');
    expect(Object.fromEntries(new URLSearchParams(call?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-1',
      client_secret: SECRET,
      scope: 'openid,AdobeID',
    });
  });

  it('maps an IMS error body with its status, fields, x-debug-id and endpoint', async () => {
    reply = json(
      400,
      { error: 'invalid_client', error_description: 'invalid client_secret parameter' },
      { 'x-debug-id': 'dbg-1234' },
    );
    const error = await failure(request());
    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject({
      code: 'ERR_IMS',
      status: 400,
      error: 'invalid_client',
      errorDescription: 'invalid client_secret parameter',
      debugId: 'dbg-1234',
      endpoint: `${imsUrl}/ims/token/v3`,
      retryAfterMs: undefined,
    });
    expect(error.message).toBe(
      'IMS answered 400: invalid_client: invalid client_secret parameter (x-debug-id dbg-1234)',
    );
    expectNoSecret(error, SECRET);
  });

  it('keeps Retry-After of a 429, in seconds or as an HTTP date', async () => {
    reply = json(429, { error: 'too_many_requests' }, { 'retry-after': '3' });
    expect(await failure(request())).toMatchObject({ status: 429, retryAfterMs: 3000 });

    reply = json(
      503,
      { error: 'temporarily_unavailable' },
      {
        'retry-after': new Date(Date.now() + 120_000).toUTCString(),
      },
    );
    const error = (await failure(request())) as ImsError;
    expect(error.status).toBe(503);
    expect(error.retryAfterMs).toBeGreaterThan(115_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('reports an HTML page from a proxy as an ImsError with the status and the text in its cause', async () => {
    reply = (res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    };
    const error = (await failure(request())) as ImsError;
    expect(error).toBeInstanceOf(ImsError);
    expect(error).toMatchObject({ status: 502, error: 'unexpected_response' });
    expect(error.errorDescription).toContain('text/html');
    expect(error.hint).toMatch(/proxy/);
    expect(error.cause).toBeInstanceOf(UnexpectedResponseError);
    expect((error.cause as UnexpectedResponseError).bodyExcerpt).toContain('502 Bad Gateway');
  });

  it('refuses a 200 that is not JSON, or has no access_token', async () => {
    reply = (res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>Sign in to the corporate proxy</html>');
    };
    const html = await failure(request());
    expect(html).toBeInstanceOf(UnexpectedResponseError);
    expect(html).toMatchObject({ status: 200, code: 'ERR_UNEXPECTED_RESPONSE' });

    reply = json(200, { token_type: 'bearer', expires_in: 86_399 });
    const empty = await failure(request());
    expect(empty).toBeInstanceOf(UnexpectedResponseError);
    expect(empty.message).toContain('without an access_token');
  });

  it('reports a refused connection as a NetworkError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(request({ imsUrl: `http://127.0.0.1:${port}` }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toContain('ECONNREFUSED');
    expectNoSecret(error, SECRET);
  });

  it('reports an abort as an AbortedError', async () => {
    reply = (res) => {
      setTimeout(() => json(200, { access_token: 'late-token-value' })(res), 2000);
    };
    const controller = new AbortController();
    const pending = request({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(await failure(pending)).toBeInstanceOf(AbortedError);
  });

  it('gives up on a silent IMS after timeoutMs with a TimeoutError, headers or body', async () => {
    reply = () => {}; // never answers
    const silent = await failure(request({ timeoutMs: 150 }));
    expect(silent).toBeInstanceOf(TimeoutError);
    expect(silent.message).toBe(`IMS at ${imsUrl}/ims/token/v3 did not answer within 150 ms`);

    reply = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_token":'); // the rest never comes
    };
    expect(await failure(request({ timeoutMs: 150 }))).toBeInstanceOf(TimeoutError);
  });

  it('never lets the secret or a returned token into an error, even when the server echoes them', async () => {
    const token = jwtShaped({ created_at: String(Date.now()), expires_in: '1000', user_id: 'x' });
    reply = json(200, { access_token: token, expires_in: 1 });
    await request();

    reply = json(401, {
      error: 'invalid_client',
      error_description: `client_secret ${SECRET} does not match; last token ${token}`,
    });
    const error = await failure(request());
    expectNoSecret(error, SECRET, token);
    expect(error.message).toContain('[REDACTED]');
  });
});

describe('checkImsUrl', () => {
  it('accepts https and loopback http', () => {
    expect(checkImsUrl(DEFAULT_IMS_URL, 'imsUrl')).toBeUndefined();
    expect(checkImsUrl('http://127.0.0.1:4010', 'imsUrl')).toBeUndefined();
    expect(checkImsUrl('http://localhost:4010', 'imsUrl')).toBeUndefined();
    expect(checkImsUrl('http://[::1]:4010', 'imsUrl')).toBeUndefined();
  });

  it('names the setting and the problem otherwise', () => {
    expect(checkImsUrl('http://ims-na1.adobelogin.com', 'ACS_IMS_URL')).toEqual({
      field: 'ACS_IMS_URL',
      problem: 'must use https (http is allowed for loopback only): http://ims-na1.adobelogin.com',
    });
    expect(checkImsUrl('ims-na1.adobelogin.com', 'imsUrl')).toEqual({
      field: 'imsUrl',
      problem: '"ims-na1.adobelogin.com" is not a URL',
    });
    expect(checkImsUrl('', 'imsUrl')?.problem).toMatch(/^is empty/);
    expect(checkImsUrl('https://user:pw@ims.example.com', 'imsUrl')?.problem).toBe(
      'must not carry credentials, a query or a fragment',
    );
  });
});
