import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { createProxy } from 'proxy';

/** A real HTTP proxy (the `proxy` package) on loopback, recording the tunnels it opened. */
export interface TestProxy {
  /** `http://127.0.0.1:<port>`, without credentials. */
  url: string;
  /** The proxy URL with the given user and password. */
  urlWith(user: string, password: string): string;
  /** `host:port` of every CONNECT it accepted. */
  tunnels: string[];
  /** How many requests it refused with 407. */
  refused: number;
  stop(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Starts the proxy; with `credentials`, it wants `Proxy-Authorization: Basic` with them. */
export async function startProxy(credentials?: { user: string; password: string }): Promise<TestProxy> {
  const server = createProxy(createServer());
  const state = { tunnels: [] as string[], refused: 0 };
  server.authenticate = (request: IncomingMessage) => {
    let allowed = true;
    if (credentials) {
      const expected = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
      allowed = request.headers['proxy-authorization'] === expected;
    }
    if (!allowed) state.refused++;
    else if (request.method === 'CONNECT' && request.url) state.tunnels.push(request.url);
    return allowed;
  };
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    urlWith: (user, password) =>
      `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    get tunnels() {
      return state.tunnels;
    },
    get refused() {
      return state.refused;
    },
    stop: () => close(server),
  };
}

/**
 * A proxy that opens the tunnel, then answers every request in it with its own HTML page, as
 * TLS-inspecting corporate proxies do for blocked or unauthenticated traffic.
 */
export async function startBlockingProxy(): Promise<{ url: string; stop(): Promise<void> }> {
  const page = createServer((_request, response) => {
    response.writeHead(403, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      '<!DOCTYPE html><html><body><h1>Access denied</h1><p>Blocked by corporate policy.</p></body></html>',
    );
  });
  const server = createServer();
  server.on('connect', (_request: IncomingMessage, socket: Socket) => {
    socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
    page.emit('connection', socket);
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      page.closeAllConnections();
      await close(server);
    },
  };
}
