import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccessToken, AuthStrategy } from '@campaign-standard/core';
import type { Emulator } from '@campaign-standard/emulator';
import { afterEach, beforeEach, type MockInstance, vi } from 'vitest';

/** A test-only OAuth Server-to-Server strategy: one token, cached, fetched from the emulator's IMS. */
export interface TestAuth extends AuthStrategy {
  /** How many tokens this strategy asked for. */
  fetched: number;
  /** How many times the client invalidated the token. */
  invalidated: number;
  /** The current token, if any (for the redaction tests). */
  current(): string | undefined;
}

/** A strategy that gets tokens from the emulator (`/ims/token/v3`). */
export function emulatorAuth(emulator: Emulator, overrides: { clientId?: string } = {}): TestAuth {
  const { credentials } = emulator;
  let cached: AccessToken | undefined;
  const auth: TestAuth = {
    kind: 'oauth-server-to-server',
    clientId: overrides.clientId ?? credentials.clientId,
    orgId: credentials.orgId,
    fetched: 0,
    invalidated: 0,
    current: () => cached?.token,
    async getToken() {
      if (cached) return cached;
      auth.fetched++;
      const response = await fetch(`${emulator.imsUrl}/ims/token/v3`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
          scope: credentials.scopes.join(','),
        }),
      });
      if (!response.ok) throw new Error(`IMS answered ${response.status}`);
      const body = (await response.json()) as { access_token: string; expires_in: number };
      cached = {
        token: body.access_token,
        tokenType: 'bearer',
        expiresOnTimestamp: Date.now() + body.expires_in * 1000,
      };
      return cached;
    },
    invalidate() {
      auth.invalidated++;
      cached = undefined;
    },
  };
  return auth;
}

/** A strategy that always hands out the same fixed token. */
export function staticAuth(token: string, clientId = 'test-client'): AuthStrategy & { invalidated: number } {
  const auth = {
    kind: 'static',
    clientId,
    orgId: 'TEST@AdobeOrg',
    invalidated: 0,
    getToken: async (): Promise<AccessToken> => ({
      token,
      tokenType: 'bearer',
      expiresOnTimestamp: Date.now() + 3_600_000,
    }),
    invalidate() {
      auth.invalidated++;
    },
  };
  return auth;
}

/** What a {@link LocalServer} saw of one request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A plain local HTTP server that records what it receives. */
export interface LocalServer {
  origin: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Starts a loopback server answering with `handler`. */
export async function startLocalServer(
  handler: (request: SeenRequest, response: ServerResponse, origin: string) => void,
): Promise<LocalServer> {
  const seen: SeenRequest[] = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      handler(entry, res, origin);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Collects an async iterable (tests only; the client itself never buffers a list). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The rejection of a promise, failing the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/**
 * Around each test of the file: the process forgets it already warned of the deprecated `hooks`
 * option, and `process.emitWarning` is captured (not printed). Returns the current test's spy.
 */
export function captureProcessWarnings(): () => MockInstance<typeof process.emitWarning> {
  const warned = Symbol.for('@campaign-standard/client.hooks-deprecation-warned');
  let emitWarning: MockInstance<typeof process.emitWarning>;
  beforeEach(() => {
    delete (globalThis as unknown as Record<symbol, unknown>)[warned];
    emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });
  afterEach(() => {
    emitWarning.mockRestore();
  });
  return () => emitWarning;
}
