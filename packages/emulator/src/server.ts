import { generateKeyPair, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { redact } from '@campaign-standard/core';
import { Campaign } from './campaign/index.js';
import { DEFAULT_BIG_TABLE_THRESHOLD } from './campaign/listing.js';
import { resolveV8Tenants } from './campaign/v8.js';
import { ClientRegistry } from './clients.js';
import type { RequestContext } from './context.js';
import { demoClient, EMULATOR_DEMO_TENANT } from './defaults.js';
import { FaultInjector } from './faults.js';
import { checkGateway, gatewayError, TENANT_URI_BODY, tenantUriBody } from './gateway.js';
import { readBody, readFormParams, sendJson, sendText } from './http.js';
import { debugId, handleIms } from './ims.js';
import { RateLimiter } from './rate-limit.js';
import { StatsRecorder } from './stats.js';
import { TokenAuthority } from './tokens.js';
import type { Emulator, EmulatorOptions, FaultSpec } from './types.js';

const generateKeyPairAsync = promisify(generateKeyPair);

async function rsaKeyPair(): Promise<{ privateKey: KeyObject; publicKey: KeyObject }> {
  return generateKeyPairAsync('rsa', { modulusLength: 2048 });
}

const REASONS: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * Starts a local Adobe IMS + Campaign Standard server on 127.0.0.1: token endpoints under
 * `/ims/...`, Campaign under `/<tenant>/campaign/...`, with seeded data, the real error bodies,
 * fault injection and request counters.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ profiles: 1000 });
 * // … point a client at emulator.imsUrl and emulator.baseUrl with emulator.credentials …
 * await emulator.stop();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const seed = options.seed ?? 1;
  const lifetimeMs = (options.tokenLifetimeSeconds ?? 86_400) * 1000;
  const tenants = options.tenants?.length ? [...options.tenants] : [EMULATOR_DEMO_TENANT];
  const v8Tenants = resolveV8Tenants(tenants, options.v8Tenants);
  const bigTableThreshold = options.bigTableThreshold ?? DEFAULT_BIG_TABLE_THRESHOLD;
  if (!Number.isInteger(bigTableThreshold) || bigTableThreshold < 0)
    throw new RangeError(`bigTableThreshold must be a non-negative integer, got ${bigTableThreshold}`);
  let limiter = options.rateLimit === undefined ? undefined : new RateLimiter(options.rateLimit);
  const [signing, demoKeys] = await Promise.all([rsaKeyPair(), rsaKeyPair()]);

  const clients = new ClientRegistry();
  const demoPublicKey = demoKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privateKey = demoKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const configured = options.clients?.length ? options.clients : [demoClient()];
  // The first client also accepts the generated key, so `credentials.privateKey` always works.
  configured.forEach((client, i) => {
    clients.register(
      i === 0 ? { ...client, publicKeys: [...(client.publicKeys ?? []), demoPublicKey] } : client,
    );
  });
  const first = configured[0]!;

  const tokens = new TokenAuthority(signing.privateKey, signing.publicKey);
  const stats = new StatsRecorder();
  const faults = new FaultInjector(seed);
  const campaign = new Campaign({
    tenants,
    seed,
    profiles: options.profiles ?? 50,
    bigTableThreshold,
    v8Tenants,
  });
  let origins: string[] = [];

  const server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, `emulator error: ${redact(String(error), clients.secrets())}`);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origins[0]);
    const path = url.pathname.replace(/\/{2,}/g, '/');
    const target = path.startsWith('/ims/') ? 'ims' : 'api';
    const ctx: RequestContext = {
      req,
      res,
      method: (req.method ?? 'GET').toUpperCase(),
      url,
      path,
      body: Buffer.alloc(0),
      now: Date.now(),
      info: { tokenRequest: false },
    };
    if (target === 'api') ctx.info.tenant = path.split('/')[1] || undefined;
    res.on('close', () => {
      stats.record(
        {
          method: ctx.method,
          path: redact(url.pathname + url.search, clients.secrets()),
          status: res.writableFinished ? res.statusCode : 0,
          clientId: ctx.info.clientId,
          target,
          tenant: ctx.info.tenant,
          grant: ctx.info.grant,
          time: ctx.now,
        },
        ctx.info.tokenRequest,
        ctx.info.rateLimited,
      );
    });
    ctx.body = await readBody(req);
    if (target === 'ims') {
      ctx.info.tokenRequest = /^\/ims\/(token\/v[234]|exchange\/jwt)\/?$/.test(path);
      if (ctx.info.tokenRequest) {
        ctx.info.grant = path.includes('/exchange/') ? 'jwt' : 'client_credentials';
        // Known before any fault applies, so retries after a fault count for the right client.
        ctx.info.clientId = (await readFormParams(url, req.headers, ctx.body)).get('client_id') || undefined;
      }
    }
    const fault = faults.take(target, path);
    if (fault) {
      if (fault.kind === 'latency') await new Promise((r) => setTimeout(r, fault.latencyMs));
      else return answerFault(ctx, target, fault);
    }
    if (target === 'ims') return handleIms(ctx, { clients, tokens, lifetimeMs, origins: () => origins });
    const claims = await checkGateway(ctx, tokens);
    if (!claims) return;
    // The gateway's throttling (rate-limit.ts), once it knows the caller's organization: after its
    // own checks, before routing. Faults answered before it and refusals take no token.
    if (limiter) {
      const org = clients.get(claims.client_id)?.config.orgId ?? `client:${claims.client_id}`;
      const retryAfter = limiter.take(org);
      if (retryAfter !== undefined) {
        ctx.info.rateLimited = true;
        return gatewayError(ctx, 429, '429050', 'Too many requests', { 'retry-after': String(retryAfter) });
      }
    }
    const [, tenant, family] = path.split('/');
    // [I] A path that is not `/<tenant>/campaign/…` at all is an invalid URI: the 500 form of the
    // "Oops" body (help/api/using/troubleshooting.md). An unknown tenant is the 502 form
    // (help/api/using/setting-up-api-access.md: the CNAME is not set up).
    if (!tenant || family !== 'campaign') return sendJson(res, 500, tenantUriBody(500));
    if (!campaign.has(tenant)) return sendJson(res, 502, TENANT_URI_BODY);
    return campaign.handle(ctx, tenant, origins[0]!);
  }

  function answerFault(ctx: RequestContext, target: 'ims' | 'api', fault: FaultSpec): void {
    if (fault.kind === 'reset') {
      ctx.req.socket.destroy();
    } else if (fault.kind === 'cname') {
      const status = fault.status === 500 ? 500 : 502;
      sendJson(ctx.res, status, tenantUriBody(status));
    } else {
      const status = fault.status ?? 500;
      const headers: Record<string, string> = {};
      const retryAfter = fault.retryAfterSeconds ?? (status === 429 ? 1 : undefined);
      if (retryAfter !== undefined && (status === 429 || status === 503))
        headers['retry-after'] = String(retryAfter);
      const reason = REASONS[status] ?? 'Error';
      if (target === 'ims') {
        headers['x-debug-id'] = debugId();
        // [I] IMS throttling and outage bodies are not documented: OAuth-style error objects.
        const error = status === 429 ? 'too_many_requests' : 'server_error';
        sendJson(
          ctx.res,
          status,
          { error, error_description: status === 429 ? 'Too many requests' : reason },
          headers,
        );
      } else if (status === 429) {
        gatewayError(ctx, 429, '429050', 'Too many requests', headers);
      } else {
        // [I] gateway 5xx bodies follow the documented `{error_code, message}` shape.
        gatewayError(ctx, status, `${status}000`, reason, headers);
      }
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  origins = [url, `http://localhost:${port}`];

  return {
    url,
    imsUrl: url,
    baseUrl: url,
    credentials: {
      tenant: tenants[0]!,
      clientId: first.clientId,
      clientSecret: first.clientSecrets[0]!,
      orgId: first.orgId,
      technicalAccountId: first.technicalAccountId,
      technicalAccountEmail: first.technicalAccountEmail ?? '',
      scopes: [...first.scopes],
      metascopes: [...first.metascopes],
      privateKey,
    },
    registerClient: (client) => clients.register(client),
    stats,
    faults,
    expireTokens: () => tokens.invalidateAll('expired'),
    revokeTokens: () => tokens.invalidateAll('revoked'),
    setRateLimit: (limit) => {
      limiter = limit === undefined ? undefined : new RateLimiter(limit);
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
