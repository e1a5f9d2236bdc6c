import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { format, inspect } from 'node:util';
import { createJwtAuth } from '@campaign-standard/auth-jwt';
import * as oauth from '@campaign-standard/auth-oauth';
import type { AccessToken, AuthStrategy } from '@campaign-standard/core';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CampaignClient, createCampaignClient } from '../../src/index.js';
import { type LocalServer, startLocalServer } from '../helpers.js';
import { installOtel, memoryLogger, type TestOtel } from '../telemetry/otel.js';

/**
 * Secret hygiene, end to end: real-looking client secrets (one in Adobe's `p8e-` shape, one
 * without any recognisable shape), a private key and real IMS tokens are pushed through every
 * error path of the strategies and the client; every error, and the strategy and client objects,
 * are then printed every way a user or a logger would. No secret, and no piece of one, may show:
 * nor in any span, span event or metric attribute (an OpenTelemetry SDK is registered), nor in any
 * line the strategies and clients gave their logger.
 */

const SHAPED_SECRET = `p8e-${randomBytes(24).toString('base64url')}`;
const SHAPELESS_SECRET = randomBytes(20).toString('hex');
const SPARE_SECRET = `p8e-${randomBytes(24).toString('base64url')}`;
const OPAQUE_TOKEN = `1/${randomBytes(30).toString('base64url')}`;
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC_KEY = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const ORG = 'AB12CD34EF56AB12CD34EF56@AdobeOrg';
const TECH = 'FE12DC34BA56FE12DC34BA56@techacct.adobe.com';
const OAUTH_CLIENT = 'hygiene-oauth-client';
const SHAPELESS_CLIENT = 'hygiene-shapeless-client';
const JWT_CLIENT = 'hygiene-jwt-client';

let emulator: Emulator;
let echo: LocalServer;
let otel: TestOtel;
const logger = memoryLogger();
const issuedTokens: string[] = [];

/** Every piece of a secret that must not show: the whole, and each long run of a key or token. */
function needles(): string[] {
  const pieces = [SHAPED_SECRET, SHAPELESS_SECRET, SPARE_SECRET, OPAQUE_TOKEN, PRIVATE_KEY];
  for (const line of PRIVATE_KEY.split('\n'))
    if (line.length >= 40 && !line.startsWith('-----')) pieces.push(line);
  for (const token of issuedTokens)
    pieces.push(token, ...token.split('.').filter((part) => part.length >= 40));
  return pieces;
}

/** Every way a value is commonly printed: String, JSON, util.inspect (deep, hidden), console.log. */
function printed(value: unknown): string {
  const parts = [
    String(value),
    JSON.stringify(value) ?? '',
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }),
    format('%o', value),
    format('%j', value),
  ];
  if (value instanceof Error) {
    parts.push(value.stack ?? '');
    let cause: unknown = value.cause;
    for (let depth = 0; cause !== undefined && depth < 5; depth++) {
      parts.push(
        String(cause),
        JSON.stringify(cause) ?? '',
        inspect(cause, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
      );
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  if (typeof value === 'object' && value !== null) {
    for (const key of Reflect.ownKeys(value))
      parts.push(String((value as Record<PropertyKey, unknown>)[key]));
  }
  return parts.join('\n');
}

async function failure(name: string, run: () => unknown): Promise<unknown> {
  try {
    const result = (await run()) as { error?: unknown } | undefined;
    if (result && typeof result === 'object' && 'error' in result && result.error) return result.error;
  } catch (error) {
    return error;
  }
  throw new Error(`expected a failure: ${name}`);
}

function oauthAuth(overrides: Partial<oauth.OAuthServerToServerOptions> = {}) {
  return oauth.createOAuthServerToServerAuth({
    clientId: OAUTH_CLIENT,
    clientSecrets: [SHAPED_SECRET],
    orgId: ORG,
    scopes: ['campaign_sdk'],
    imsUrl: emulator.imsUrl,
    retry: false,
    logger,
    ...overrides,
  });
}

/** A strategy handing out an opaque (not JWT-shaped, never registered) token. */
function opaqueAuth(): AuthStrategy {
  return {
    kind: 'custom',
    clientId: OAUTH_CLIENT,
    orgId: ORG,
    getToken: async (): Promise<AccessToken> => ({
      token: OPAQUE_TOKEN,
      tokenType: 'bearer',
      expiresOnTimestamp: Date.now() + 3_600_000,
    }),
    invalidate() {},
  };
}

function client(auth: AuthStrategy, baseUrl = emulator.baseUrl, extra: object = {}): CampaignClient {
  return createCampaignClient({
    auth,
    tenant: 'acme',
    baseUrl,
    retry: false,
    timeout: 1_000,
    logger,
    ...extra,
  });
}

beforeAll(async () => {
  otel = await installOtel();
  emulator = await startEmulator({ profiles: 20 });
  const base = {
    orgId: ORG,
    technicalAccountId: TECH,
    scopes: ['campaign_sdk'],
    metascopes: ['ent_campaign_sdk'],
  };
  emulator.registerClient({ ...base, clientId: OAUTH_CLIENT, clientSecrets: [SHAPED_SECRET, SPARE_SECRET] });
  emulator.registerClient({ ...base, clientId: SHAPELESS_CLIENT, clientSecrets: [SHAPELESS_SECRET] });
  emulator.registerClient({
    ...base,
    clientId: JWT_CLIENT,
    clientSecrets: [SHAPED_SECRET],
    publicKeys: [PUBLIC_KEY],
  });
  // A server that echoes whatever credentials it gets into its errors, headers and bodies.
  echo = await startLocalServer((req, res: ServerResponse) => {
    const authorization = String(req.headers.authorization);
    const body = `${req.body}`;
    if (req.url.includes('/text')) {
      res.writeHead(500, { 'content-type': 'text/plain', 'x-echo': authorization });
      return res.end(`Invalid credentials: ${authorization} ${body}`);
    }
    if (req.url.includes('/bare')) {
      res.writeHead(401, { 'content-type': 'application/json' });
      const bare = authorization.replace(/^Bearer /, '');
      return res.end(
        JSON.stringify({ error_code: '401013', message: `Oauth token ${bare} is not valid`, detail: bare }),
      );
    }
    if (req.url.includes('/html')) {
      res.writeHead(502, { 'content-type': 'text/html' });
      return res.end(`<html><body>Denied ${authorization}</body></html>`);
    }
    res.writeHead(400, { 'content-type': 'application/json' });
    return res.end(
      JSON.stringify({
        error_code: 'ECHO',
        message: `token ${authorization}`,
        token: authorization,
        request: body,
      }),
    );
  });
});

afterAll(async () => {
  await emulator?.stop();
  await echo?.close();
  await otel?.uninstall();
});

describe('secret hygiene across the strategies and the client', () => {
  it('no secret, key or token shows in any error, strategy or client, however printed', async () => {
    const logged: string[] = [];
    const capture = (...args: unknown[]) => {
      logged.push(format(...args));
    };
    const spies = (['log', 'error', 'warn', 'info', 'debug'] as const).map((name) =>
      vi.spyOn(console, name).mockImplementation(capture),
    );

    const good = oauthAuth({ clientSecrets: [SHAPED_SECRET, SPARE_SECRET] });
    issuedTokens.push((await good.getToken()).token);
    const jwtAuth = createJwtAuth({
      clientId: JWT_CLIENT,
      clientSecret: SHAPED_SECRET,
      orgId: ORG,
      technicalAccountId: TECH,
      metascopes: ['ent_campaign_sdk'],
      privateKey: PRIVATE_KEY,
      imsUrl: emulator.imsUrl,
      quietDeprecation: true,
      retry: false,
      logger,
    });
    issuedTokens.push((await jwtAuth.getToken()).token);
    const shapeless = oauthAuth({ clientId: SHAPELESS_CLIENT, clientSecrets: [SHAPELESS_SECRET] });
    issuedTokens.push((await shapeless.getToken()).token);
    const campaign = client(good);
    await campaign.profiles.list({ pageSize: 1 }).count();

    const failures: Array<[string, () => unknown]> = [
      // IMS errors
      [
        'IMS: wrong secret',
        () => oauthAuth({ clientSecrets: [`p8e-${randomBytes(20).toString('hex')}`] }).getToken(),
      ],
      [
        'IMS: wrong shapeless secret',
        () => oauthAuth({ clientId: SHAPELESS_CLIENT, clientSecrets: [`${SHAPELESS_SECRET}0`] }).getToken(),
      ],
      [
        'IMS: both rotation secrets rejected',
        () => oauthAuth({ clientSecrets: [`${SHAPED_SECRET}x`, `${SPARE_SECRET}y`] }).getToken(),
      ],
      [
        'IMS: JWT signed by an unknown key',
        () =>
          createJwtAuth({
            clientId: JWT_CLIENT,
            clientSecret: SHAPED_SECRET,
            orgId: ORG,
            technicalAccountId: TECH,
            metascopes: ['ent_campaign_sdk'],
            privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 })
              .privateKey.export({ type: 'pkcs8', format: 'pem' })
              .toString(),
            imsUrl: emulator.imsUrl,
            quietDeprecation: true,
            retry: false,
          }).getToken(),
      ],
      [
        'IMS: 429',
        () => {
          emulator.faults.inject({
            target: 'ims',
            kind: 'status',
            status: 429,
            retryAfterSeconds: 2,
            times: 1,
          });
          return oauthAuth().getToken();
        },
      ],
      [
        'IMS: 500',
        () => {
          emulator.faults.inject({ target: 'ims', kind: 'status', status: 500, times: 1 });
          return oauthAuth().getToken();
        },
      ],
      [
        'IMS: reset',
        () => {
          emulator.faults.inject({ target: 'ims', kind: 'reset', times: 1 });
          return oauthAuth().getToken();
        },
      ],
      ['IMS: HTML answer', () => oauthAuth({ imsUrl: `${echo.origin}/html` }).getToken()],
      ['IMS: echoing server', () => oauthAuth({ imsUrl: `${echo.origin}/text` }).getToken()],
      ['IMS: refused connection', () => oauthAuth({ imsUrl: 'http://127.0.0.1:9' }).getToken()],
      ['IMS: aborted', () => oauthAuth().getToken({ signal: AbortSignal.abort() })],
      // API errors
      [
        'API: token refused twice',
        () => {
          emulator.revokeTokens();
          return client(oauthAuth()).profiles.get('@x');
        },
      ],
      [
        'API: API key of another client',
        () =>
          client({ ...good, clientId: JWT_CLIENT, getToken: good.getToken, invalidate: good.invalidate })
            .profiles.list()
            .count(),
      ],
      ['API: 404', () => campaign.profiles.get('@does-not-exist')],
      ['API: 500', () => campaign.profiles.get('@not-a-real-key')],
      [
        'API: 429 after retries',
        () => {
          emulator.faults.inject({ target: 'api', kind: 'status', status: 429, times: 1 });
          return campaign.services.list().count();
        },
      ],
      [
        'API: 503 on a POST',
        () => {
          emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1 });
          return campaign.profiles.create({ email: 'h@example.com' });
        },
      ],
      [
        'API: reset',
        () => {
          emulator.faults.inject({ target: 'api', kind: 'reset', times: 1 });
          return campaign.services.list().count();
        },
      ],
      [
        'API: timeout',
        () => {
          emulator.faults.inject({ target: 'api', kind: 'latency', latencyMs: 1_500, times: 1 });
          return campaign.services.list().count();
        },
      ],
      [
        'API: wrong tenant',
        () =>
          createCampaignClient({
            auth: good,
            tenant: 'nosuchtenant',
            baseUrl: emulator.baseUrl,
          }).profiles.get('@x'),
      ],
      [
        'API: echoed JSON error',
        () =>
          client(good, echo.origin).profiles.create({
            email: 'e@example.com',
            password: SHAPED_SECRET,
          } as never),
      ],
      ['API: echoed text error', () => client(good, echo.origin).request('GET', '/text')],
      ['API: echoed HTML error', () => client(good, echo.origin).request('GET', '/html')],
      ['API: echoed opaque token (JSON)', () => client(opaqueAuth(), echo.origin).request('GET', '/json')],
      ['API: echoed opaque token (text)', () => client(opaqueAuth(), echo.origin).request('GET', '/text')],
      [
        'API: opaque token echoed without its scheme',
        () => client(opaqueAuth(), echo.origin).request('GET', '/bare'),
      ],
      ['API: foreign next href', () => client(good, emulator.baseUrl).request('GET', `${echo.origin}/steal`)],
      // Validation errors
      ['validation: secret pasted as org id', () => oauthAuth({ orgId: SHAPED_SECRET })],
      [
        'validation: shapeless secret pasted as client id, org and scope',
        () =>
          oauthAuth({
            clientId: SHAPELESS_SECRET,
            clientSecrets: [SHAPELESS_SECRET],
            orgId: SHAPELESS_SECRET,
            scopes: [SHAPELESS_SECRET, ''],
          }),
      ],
      [
        'validation: secret in the IMS URL',
        () =>
          oauthAuth({
            imsUrl: `https://user:${SHAPED_SECRET}@ims.example.com/?client_secret=${SHAPED_SECRET}`,
          }),
      ],
      [
        'validation: environment with secrets in the wrong variables',
        () =>
          oauth.fromEnvironment({
            ACS_CLIENT_ID: SHAPED_SECRET,
            ACS_CLIENT_SECRETS: `["${SHAPED_SECRET}", "${SPARE_SECRET}", "${SHAPELESS_SECRET}"]`,
            ACS_ORG_ID: SHAPELESS_SECRET,
          }),
      ],
      [
        'validation: console JSON with a secret and a broken field',
        () =>
          oauth.fromConsoleCredentials(
            JSON.stringify({
              CLIENT_ID: 'x',
              CLIENT_SECRETS: [SHAPED_SECRET],
              ORG_ID: SHAPELESS_SECRET,
              SCOPES: 7,
            }),
          ),
      ],
      [
        'validation: private key pasted as the certificate',
        () =>
          createJwtAuth({
            clientId: JWT_CLIENT,
            clientSecret: SHAPED_SECRET,
            orgId: ORG,
            technicalAccountId: TECH,
            metascopes: ['ent_campaign_sdk'],
            privateKey: PRIVATE_KEY,
            certificate: PRIVATE_KEY,
            quietDeprecation: true,
          }),
      ],
      [
        'validation: private key pasted as the client id',
        () =>
          createJwtAuth({
            clientId: PRIVATE_KEY,
            clientSecret: SHAPED_SECRET,
            orgId: ORG,
            technicalAccountId: TECH,
            metascopes: [],
            privateKey: PRIVATE_KEY.slice(0, 200),
            quietDeprecation: true,
          }),
      ],
      [
        'validation: token as tenant',
        () => createCampaignClient({ auth: good, tenant: `Bearer ${issuedTokens[0]}` }),
      ],
      [
        'validation: token in the base URL',
        () =>
          createCampaignClient({
            auth: good,
            tenant: 'acme',
            baseUrl: `https://mc.adobe.io/?access_token=${issuedTokens[0]}`,
          }),
      ],
    ];

    const errors: Array<[string, unknown]> = [];
    for (const [name, run] of failures) errors.push([name, await failure(name, run)]);
    emulator.faults.clear();

    const objects: Array<[string, unknown]> = [
      ['OAuth strategy', good],
      ['JWT strategy', jwtAuth],
      ['shapeless strategy', shapeless],
      ['client', campaign],
      ['client instance', campaign.instance],
    ];
    for (const [name, value] of [...errors, ...objects]) {
      console.log(value);
      console.error(name, value);
      console.warn('%s %O', name, value);
    }

    for (const spy of spies) spy.mockRestore();
    expect(errors.every(([, error]) => error instanceof Error)).toBe(true);
    const leaks: string[] = [];
    const telemetry = await otel.everything();
    // the telemetry and the logger did see the error paths
    expect(telemetry).toContain('campaign.auth.token');
    expect(telemetry).toContain('exception.message');
    expect(logger.lines.some((line) => line.startsWith('info Access token fetched'))).toBe(true);
    for (const [name, value] of [
      ...errors,
      ...objects,
      ['console output', logged.join('\n')] as const,
      ['spans, span events and metric attributes', telemetry] as const,
      ['logger lines', logger.lines.join('\n')] as const,
    ]) {
      const text = typeof value === 'string' ? value : printed(value);
      for (const needle of needles())
        if (text.includes(needle)) leaks.push(`${name}: ${needle.slice(0, 12)}…`);
    }
    expect(leaks).toEqual([]);
    expect(logged.length).toBe(3 * (errors.length + objects.length));
  }, 90_000);
});
