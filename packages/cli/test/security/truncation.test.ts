import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerSecret } from '@campaign-standard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoggingFetch } from '../../src/http-log.js';

/**
 * `--verbose` traces keep the first 2000 characters of each body: a secret sent or echoed right
 * at that cut must not leave a piece of itself in the trace. Each secret is placed so that the cut
 * falls at every offset inside it, in the request body and in the answer, over real HTTP.
 */

/** Characters of a body the trace keeps. */
const KEPT = 2000;
/** The shortest piece of a secret that counts as a leak. */
const FRAGMENT = 12;

const CLIENT_SECRET = randomBytes(16).toString('hex');
const IMS_TOKEN = `eyJhbGciOiJSUzI1NiJ9.${randomBytes(24).toString('base64url')}.${randomBytes(12).toString('base64url')}`;
/** Known to the trace only through its `extraSecrets` argument, never registered. */
const EXTRA_SECRET = randomBytes(18).toString('base64url');
const SECRETS = { CLIENT_SECRET, IMS_TOKEN, EXTRA_SECRET };
registerSecret(CLIENT_SECRET);
registerSecret(IMS_TOKEN);

let server: Server;
let origin = '';

beforeAll(async () => {
  // Answers with the request body, as a server that repeats what it was sent in its error.
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

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

describe('acs --verbose keeps no piece of a secret at the cut of a body', () => {
  it.each([
    ['a form body', 'grant_type=client_credentials&scope=', (secret: string) => ` secret ${secret} `],
    ['a text body', 'Denied: ', (secret: string) => ` secret ${secret} `],
    ['a JSON body', '{"note":"', (secret: string) => ` ${secret} "}`],
  ])('%s sent and echoed', async (_kind, prefix, around) => {
    const leaks: string[] = [];
    let traced = 0;
    for (const [name, secret] of Object.entries(SECRETS)) {
      for (let offset = 0; offset <= secret.length; offset++) {
        const [before, after] = around(secret).split(secret) as [string, string];
        const filler = 'x'.repeat(KEPT - offset - prefix.length - before.length);
        const body = `${prefix}${filler}${before}${secret}${after}${'y'.repeat(50)}`;
        const lines: string[] = [];
        const logged = createLoggingFetch(fetch, { write: (text) => lines.push(text) }, () => [EXTRA_SECRET]);
        const response = await logged(`${origin}/ims/token/v3`, { method: 'POST', body });
        expect(await response.text()).toBe(body);
        const trace = lines.join('');
        // both bodies were traced, cut
        if ((trace.match(/…/g) ?? []).length === 2) traced++;
        for (const found of fragments(trace)) leaks.push(`${name} cut at ${offset}: ${found}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(traced).toBeGreaterThan(0);
  });
});
