import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import {
  ApiError,
  OutcomeUnknownError,
  registerSecret,
  TENANT_URI_MESSAGE,
  TenantUriError,
  UnexpectedResponseError,
} from '@campaign-standard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CampaignClient, createCampaignClient } from '../../src/index.js';
import { type LocalServer, startLocalServer, staticAuth } from '../helpers.js';

/**
 * A Campaign answer (or a gateway or proxy page) that echoes the token or the client secret after
 * a long body: wherever the client cuts that body for an error message or excerpt, no piece of a
 * secret may be left. The echoed secrets are placed so that each cut falls at every offset inside
 * each of them, with text, HTML and JSON bodies, over real HTTP.
 */

/** Characters of a body (or of its message field) kept in a message or `bodyExcerpt`. */
const KEPT = 500;
/** Characters of a body kept in the message of the `ApiError` inside an `OutcomeUnknownError`. */
const KEPT_OUTCOME = 200;
/** The shortest piece of a secret that counts as a leak. */
const FRAGMENT = 12;

const CLIENT_SECRET = randomBytes(16).toString('hex');
/** An IMS-like access token: the one the client sends, and registers as it sends it. */
const IMS_TOKEN = `eyJhbGciOiJSUzI1NiJ9.${randomBytes(24).toString('base64url')}.${randomBytes(12).toString('base64url')}`;
/** Another token, without any recognisable shape, e.g. from a custom strategy. */
const OPAQUE_TOKEN = randomBytes(24).toString('base64url');
const SECRETS = { CLIENT_SECRET, IMS_TOKEN, OPAQUE_TOKEN };
// What the strategies do with the secrets they hold.
registerSecret(CLIENT_SECRET);
registerSecret(OPAQUE_TOKEN);

/**
 * The ways the server repeats a secret, built from the Authorization header it received: the
 * secret echoed, and the text before it.
 */
const ECHOES: ReadonlyArray<(authorization: string) => [before: string, secret: string]> = [
  (authorization) => ['Oauth token ', authorization.replace(/^Bearer /, '')],
  (authorization) => ['Authorization: Bearer ', authorization.replace(/^Bearer /, '')],
  () => ['client_secret ', CLIENT_SECRET],
  () => ['token ', OPAQUE_TOKEN],
];

/** Each echo, with each position of its secret that puts a cut at `kept` inside it (or just at its ends). */
function placements(kept: number): Array<{ echo: number; secretStart: number }> {
  const out: Array<{ echo: number; secretStart: number }> = [];
  ECHOES.forEach((echo, index) => {
    const [, secret] = echo(`Bearer ${IMS_TOKEN}`);
    for (let offset = 0; offset <= secret.length; offset++)
      out.push({ echo: index, secretStart: kept - offset });
  });
  return out;
}

interface Answer {
  status: number;
  type: string;
  /** What comes before the filler. */
  prefix: string;
  suffix: string;
}

let server: LocalServer;
let next: { answer: Answer; echo: number; secretStart: number } | undefined;
let client: CampaignClient;

beforeAll(async () => {
  server = await startLocalServer((request, response) => {
    if (!next) {
      response.writeHead(500).end();
      return;
    }
    const { answer, echo, secretStart } = next;
    const [before, secret] = ECHOES[echo]!(String(request.headers.authorization));
    const filler = 'x'.repeat(secretStart - answer.prefix.length - before.length - 1);
    response.writeHead(answer.status, { 'content-type': answer.type });
    response.end(`${answer.prefix}${filler} ${before}${secret} and more${answer.suffix}`);
  });
  client = createCampaignClient({
    auth: staticAuth(IMS_TOKEN),
    tenant: 'acme',
    baseUrl: server.origin,
    retry: false,
    timeout: 5_000,
  });
});

afterAll(async () => {
  await server?.close();
});

function printed(error: unknown): string {
  const parts = [
    String(error),
    JSON.stringify(error) ?? '',
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ];
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined)
    parts.push(String(cause), JSON.stringify(cause) ?? '', inspect(cause, { showHidden: true }));
  return parts.join('\n');
}

function fragments(text: string): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(SECRETS)) {
    for (let at = 0; at + FRAGMENT <= secret.length; at++) {
      if (text.includes(secret.slice(at, at + FRAGMENT))) {
        found.push(`${name}[${at}..]`);
        break;
      }
    }
  }
  return found;
}

async function errorOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    const result = (await call()) as { error?: unknown } | undefined;
    if (result && typeof result === 'object' && result.error) return result.error;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

type Case = {
  answer: Answer;
  kept: number;
  call: () => Promise<unknown>;
  expected: new (...args: never[]) => Error;
};

const get = () => client.request('GET', '/profileAndServices/profile');
const post = () =>
  client.request('POST', '/profileAndServices/profile', { body: { email: 'a@example.com' } });

const CASES: Record<string, Case> = {
  'ApiError from a text body': {
    answer: { status: 500, type: 'text/plain', prefix: 'Internal error. ', suffix: ' end' },
    kept: KEPT,
    call: get,
    expected: ApiError,
  },
  'ApiError from the message of a JSON body': {
    answer: {
      status: 401,
      type: 'application/json',
      prefix: '{"error_code":"401013","message":"',
      suffix: '"}',
    },
    // the message is cut from the field's value, which starts after the prefix
    kept: KEPT + '{"error_code":"401013","message":"'.length,
    call: get,
    expected: ApiError,
  },
  'UnexpectedResponseError from an HTML error page': {
    answer: {
      status: 502,
      type: 'text/html',
      prefix: '<html><body><h1>Bad Gateway</h1><p>',
      suffix: '</p></body></html>',
    },
    kept: KEPT,
    call: get,
    expected: UnexpectedResponseError,
  },
  'UnexpectedResponseError from an HTML page with status 200': {
    answer: { status: 200, type: 'text/html', prefix: '<!doctype html><p>Sign in. ', suffix: '</p>' },
    kept: KEPT,
    call: get,
    expected: UnexpectedResponseError,
  },
  'UnexpectedResponseError from truncated JSON': {
    answer: { status: 200, type: 'application/json', prefix: '{"content":[{"email":"', suffix: '' },
    kept: KEPT,
    call: get,
    expected: UnexpectedResponseError,
  },
  'TenantUriError from the gateway page': {
    answer: {
      status: 502,
      type: 'text/html',
      prefix: '<html><body><p>',
      suffix: ` ${TENANT_URI_MESSAGE}</p></body></html>`,
    },
    kept: KEPT,
    call: get,
    expected: TenantUriError,
  },
  'OutcomeUnknownError from a text 503 to a POST': {
    answer: { status: 503, type: 'text/plain', prefix: 'Service Unavailable. ', suffix: '' },
    kept: KEPT_OUTCOME,
    call: post,
    expected: OutcomeUnknownError,
  },
  'OutcomeUnknownError from an HTML 502 to a POST': {
    answer: { status: 502, type: 'text/html', prefix: '<html><body>', suffix: '</body></html>' },
    kept: KEPT_OUTCOME,
    call: post,
    expected: OutcomeUnknownError,
  },
  'UnexpectedResponseError for a page that is not a list': {
    answer: { status: 200, type: 'application/json', prefix: '{"content":"', suffix: '"}' },
    kept: KEPT,
    call: () => client.list('/profileAndServices/profile').pages().next(),
    expected: UnexpectedResponseError,
  },
  'UnexpectedResponseError for a resource description without filters': {
    answer: { status: 200, type: 'application/json', prefix: '{"label":"', suffix: '","name":"profile"}' },
    kept: KEPT,
    call: () => client.metadata.filters('profile'),
    expected: UnexpectedResponseError,
  },
};

describe('a secret at the cut of an answer does not survive in pieces', () => {
  it.each(Object.keys(CASES))('%s', async (name) => {
    const { answer, kept, call, expected } = CASES[name]!;
    const leaks: string[] = [];
    for (const placement of placements(kept)) {
      next = { answer, ...placement };
      const error = await errorOf(call);
      expect(error).toBeInstanceOf(expected);
      for (const found of fragments(printed(error)))
        leaks.push(`echo ${placement.echo} at ${placement.secretStart}: ${found}`);
    }
    next = undefined;
    expect(leaks).toEqual([]);
  });
});
