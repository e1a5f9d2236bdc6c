#!/usr/bin/env node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { emulatorEnvironment } from './environment.js';
import { startEmulator } from './server.js';

const USAGE = `Usage: acs-emulator [--port <n>] [--seed <n>] [--profiles <n>] [--tenant <name>]...
                    [--v8-tenant <name>[=<tenant>]]... [--big-table-threshold <n>]
                    [--rate-limit <requests/s>]

Starts a local Adobe IMS + Campaign Standard emulator on 127.0.0.1 and prints ready-to-use
credentials (demo values of the emulator, not secrets of any real system).

  --v8-tenant <name>[=<tenant>]
                             A Campaign v8 tenant: <tenant> (default: the first --tenant) after its
                             migration to Campaign v8, serving the same records with its own PKeys
                             and v8's documented differences, next to the Standard tenant.
  --rate-limit <requests/s>  Campaign calls each IMS organization may make per second (a token
                             bucket); above it, 429 "429050" with Retry-After. Default: no limit.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      seed: { type: 'string' },
      profiles: { type: 'string' },
      'big-table-threshold': { type: 'string' },
      'rate-limit': { type: 'string' },
      tenant: { type: 'string', multiple: true },
      'v8-tenant': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const number = (name: string, raw: string | undefined) => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`--${name} must be a non-negative integer, got "${raw}"`);
    return n;
  };
  const rate = values['rate-limit'];
  const requestsPerSecond = rate === undefined ? undefined : Number(rate);
  if (
    requestsPerSecond !== undefined &&
    !(rate?.trim() && Number.isFinite(requestsPerSecond) && requestsPerSecond > 0)
  )
    throw new Error(`--rate-limit must be a positive number of requests per second, got "${rate}"`);
  const v8Tenants = (values['v8-tenant'] ?? []).map((spec) => {
    const [name = '', migratedFrom, ...extra] = spec.split('=');
    if (!name || migratedFrom === '' || extra.length > 0)
      throw new Error(`--v8-tenant takes <name> or <name>=<tenant>, got "${spec}"`);
    return migratedFrom === undefined ? { name } : { name, migratedFrom };
  });
  const emulator = await startEmulator({
    port: number('port', values.port),
    seed: number('seed', values.seed),
    profiles: number('profiles', values.profiles),
    bigTableThreshold: number('big-table-threshold', values['big-table-threshold']),
    tenants: values.tenant,
    v8Tenants,
    ...(requestsPerSecond === undefined ? {} : { rateLimit: { requestsPerSecond } }),
  });
  const dir = mkdtempSync(join(tmpdir(), 'acs-emulator-'));
  const keyFile = join(dir, 'private.key');
  writeFileSync(keyFile, emulator.credentials.privateKey, { mode: 0o600 });
  const c = emulator.credentials;
  const oauth = emulatorEnvironment(emulator);
  const withJwt = emulatorEnvironment(emulator, { jwt: { privateKeyFile: keyFile } });
  const jwtOnly = Object.fromEntries(Object.entries(withJwt).filter(([name]) => !(name in oauth)));
  const lines = (env: Record<string, string>): string =>
    Object.entries(env)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n');
  const v8Lines = v8Tenants
    .map(
      (v8) =>
        `\n  Campaign v8: ${emulator.baseUrl}/${v8.name}/campaign  (migrated from ${v8.migratedFrom ?? c.tenant})`,
    )
    .join('');
  const limitLine =
    requestsPerSecond === undefined
      ? ''
      : `\n  Limit:    ${requestsPerSecond} Campaign requests/s per organization, then 429 with Retry-After`;
  console.log(`Adobe Campaign Standard emulator listening on ${emulator.url}
  IMS:      ${emulator.imsUrl}/ims/token/v3  and  ${emulator.imsUrl}/ims/exchange/jwt
  Campaign: ${emulator.baseUrl}/${c.tenant}/campaign  (stage: ${emulator.baseUrl}/${c.tenant}-mkt-stage/campaign)${v8Lines}${limitLine}

# OAuth Server-to-Server
${lines(oauth)}

# JWT (legacy) additionally
${lines(jwtOnly)}

Press Ctrl+C to stop.`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator
      .stop()
      .finally(() => rmSync(dir, { recursive: true, force: true }))
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`acs-emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
