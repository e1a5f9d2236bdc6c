/**
 * The smoke suite as a Cloudflare Worker (workerd, through miniflare), without `nodejs_compat`:
 * - `GET /smoke?control=<url>`: the smoke suite, `{ "checks": [...] }`;
 * - `GET /token?control=<url>`: a token from one strategy kept for the isolate's life (its SHA-256,
 *   never the token), to show the token cache across requests of one isolate;
 * - `GET /imports`: the Node globals read while the SDK was imported.
 */

// First, so it records what the imports after it read (a side-effect import is never reordered).
import './import-trap.js';
import { type AuthStrategy, sha256Hex } from '@campaign-standard/core';
import { importReads, presentNodeGlobals, releaseImportTrap } from './import-trap.js';
import { httpControl, runSmoke, smokeAuth } from './smoke.js';

releaseImportTrap();

// One strategy per isolate, built on first use: its token cache lives as long as the isolate.
let isolateAuth: Promise<AuthStrategy> | undefined;

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const controlUrl = url.searchParams.get('control') ?? '';
    switch (url.pathname) {
      case '/smoke':
        return Response.json({ checks: await runSmoke(httpControl(controlUrl)) });
      case '/token': {
        const control = httpControl(controlUrl);
        isolateAuth ??= control.config().then((config) => smokeAuth(config));
        const token = await (await isolateAuth).getToken();
        return Response.json({ tokenSha256: await sha256Hex(token.token) });
      }
      case '/imports':
        return Response.json({ reads: importReads, present: presentNodeGlobals });
      default:
        return new Response('not found', { status: 404 });
    }
  },
};
