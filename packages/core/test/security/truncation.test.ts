import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImsError, UnexpectedResponseError } from '../../src/errors.js';
import { requestImsToken } from '../../src/ims-request.js';
import { registerSecret } from '../../src/redact.js';
import { jwtShaped } from '../helpers.js';

/**
 * An answer that echoes a secret after a long body must not leave a piece of that secret in the
 * error, wherever the SDK cuts the body: the secrets are placed so that the cut falls at every
 * offset inside each of them, and no run of 12 characters of any of them may be printed.
 */

/** How many characters of a body the SDK keeps in an error (`UnexpectedResponseError.bodyExcerpt`). */
const KEPT = 500;
/** The shortest piece of a secret that counts as a leak. */
const FRAGMENT = 12;

const CLIENT_SECRET = randomBytes(16).toString('hex');
const IMS_TOKEN = jwtShaped({
  id: randomBytes(12).toString('hex'),
  type: 'access_token',
  client_id: 'truncation-client',
  as: 'ims-na1',
});
const OPAQUE_TOKEN = randomBytes(24).toString('base64url');
const SECRETS = { CLIENT_SECRET, IMS_TOKEN, OPAQUE_TOKEN };
// The strategies and the client register these before they can turn up in an answer.
registerSecret(IMS_TOKEN);
registerSecret(OPAQUE_TOKEN);

/** The echoed credentials, the way a misbehaving server or proxy page repeats them. */
const SECTION = `client_secret was ${CLIENT_SECRET}, token ${IMS_TOKEN}, Bearer ${OPAQUE_TOKEN} and again ${OPAQUE_TOKEN}`;

/** Every position of the section's start that puts the cut inside it (and just around it). */
function starts(cut: number): number[] {
  const out: number[] = [];
  for (let start = cut - SECTION.length - 1; start <= cut + 1; start++) out.push(start);
  return out;
}

/** `prefix`, filler, then the section starting at `start`, then `suffix`. */
function bodyWithSectionAt(start: number, prefix: string, suffix: string): string {
  const filler = start - prefix.length - 1;
  if (filler < 0) throw new Error(`start ${start} is inside the prefix`);
  return `${prefix}${'x'.repeat(filler)} ${SECTION}${suffix}`;
}

function printed(error: unknown): string {
  const parts = [
    String(error),
    JSON.stringify(error) ?? '',
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ];
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined) parts.push(String(cause), JSON.stringify(cause) ?? '');
  return parts.join('\n');
}

/** Names (and where) of the secrets that have a run of {@link FRAGMENT} characters in `text`. */
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

type Kind = { status: number; type: string; prefix: string; suffix: string };
const KINDS: Record<string, Kind> = {
  'text error': { status: 400, type: 'text/plain', prefix: 'Invalid client. ', suffix: ' end' },
  'HTML error': {
    status: 502,
    type: 'text/html',
    prefix: '<html><body><h1>Bad Gateway</h1><p>',
    suffix: '</p></body></html>',
  },
  'JSON error that is not an object': {
    status: 401,
    type: 'application/json',
    prefix: '["invalid_client","',
    suffix: '"]',
  },
  'JSON success without access_token': {
    status: 200,
    type: 'application/json',
    prefix: '{"token_type":"bearer","detail":"',
    suffix: '"}',
  },
  'text success': { status: 200, type: 'text/plain', prefix: 'OK ', suffix: '' },
};

let server: Server;
let origin = '';

beforeAll(async () => {
  // The IMS URL names the kind of answer and where its section starts: /<kind>/<start>/ims/token/v3.
  server = createServer((req, res) => {
    const match = /^\/([^/]+)\/(\d+)\//.exec(req.url ?? '');
    const kind = KINDS[decodeURIComponent(match?.[1] ?? '')];
    req.resume();
    req.on('end', () => {
      if (!kind || !match) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(kind.status, { 'content-type': kind.type });
      res.end(bodyWithSectionAt(Number(match[2]), kind.prefix, kind.suffix));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function imsFailure(kind: string, start: number): Promise<unknown> {
  try {
    await requestImsToken({
      imsUrl: `${origin}/${encodeURIComponent(kind)}/${start}`,
      path: '/ims/token/v3',
      params: {
        grant_type: 'client_credentials',
        client_id: 'truncation-client',
        client_secret: CLIENT_SECRET,
      },
    });
  } catch (error) {
    return error;
  }
  throw new Error(`expected a failure for ${kind} at ${start}`);
}

describe('a secret at the cut of an IMS answer does not survive in pieces', () => {
  it.each(Object.keys(KINDS))('%s', async (kind) => {
    const leaks: string[] = [];
    let excerpts = 0;
    for (const start of starts(KEPT)) {
      const error = await imsFailure(kind, start);
      const unexpected = error instanceof ImsError ? error.cause : error;
      expect(unexpected).toBeInstanceOf(UnexpectedResponseError);
      // the error still shows the start of the answer, where nothing secret was
      if ((unexpected as UnexpectedResponseError).bodyExcerpt.includes(KINDS[kind]!.prefix)) excerpts++;
      for (const found of fragments(printed(error))) leaks.push(`start ${start}: ${found}`);
    }
    expect(leaks).toEqual([]);
    expect(excerpts).toBe(starts(KEPT).length);
  });
});

describe('UnexpectedResponseError keeps no piece of a secret, however its body was cut', () => {
  it.each([
    ['text', 'Denied: ', ''],
    ['HTML', '<html><body><pre>', '</pre></body></html>'],
    ['JSON', '{"message":"', '"}'],
  ])('a long %s body, cut by the error', (_kind, prefix, suffix) => {
    const leaks: string[] = [];
    for (const start of starts(KEPT)) {
      const error = new UnexpectedResponseError('Unexpected answer', {
        status: 502,
        body: bodyWithSectionAt(start, prefix, suffix),
      });
      expect(error.bodyExcerpt.length).toBeLessThanOrEqual(KEPT);
      for (const found of fragments(printed(error))) leaks.push(`start ${start}: ${found}`);
    }
    expect(leaks).toEqual([]);
  });

  it('a body that was already cut inside a registered secret before it reached the error', () => {
    const leaks: string[] = [];
    for (const [name, secret] of Object.entries(SECRETS)) {
      for (let kept = FRAGMENT; kept < secret.length; kept++) {
        // e.g. a proxy or a logger upstream that keeps the first N bytes of what it relays
        const body = `Denied for ${secret.slice(0, kept)}`;
        const error = new UnexpectedResponseError('Unexpected answer', { status: 502, body });
        for (const found of fragments(printed(error))) leaks.push(`${name} cut after ${kept}: ${found}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
