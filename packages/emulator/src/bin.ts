#!/usr/bin/env node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmulator } from './server.js';

const USAGE = `Usage: acs-emulator [--port <n>] [--seed <n>] [--profiles <n>] [--tenant <name>]...

Starts a local Adobe IMS + Campaign Standard emulator on 127.0.0.1 and prints ready-to-use
credentials (demo values of the emulator, not secrets of any real system).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      seed: { type: 'string' },
      profiles: { type: 'string' },
      tenant: { type: 'string', multiple: true },
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
  const emulator = await startEmulator({
    port: number('port', values.port),
    seed: number('seed', values.seed),
    profiles: number('profiles', values.profiles),
    tenants: values.tenant,
  });
  const dir = mkdtempSync(join(tmpdir(), 'acs-emulator-'));
  const keyFile = join(dir, 'private.key');
  writeFileSync(keyFile, emulator.credentials.privateKey, { mode: 0o600 });
  const c = emulator.credentials;
  console.log(`Adobe Campaign Standard emulator listening on ${emulator.url}
  IMS:      ${emulator.imsUrl}/ims/token/v3  and  ${emulator.imsUrl}/ims/exchange/jwt
  Campaign: ${emulator.baseUrl}/${c.tenant}/campaign  (stage: ${emulator.baseUrl}/${c.tenant}-mkt-stage/campaign)

# OAuth Server-to-Server
ACS_IMS_URL=${emulator.imsUrl}
ACS_BASE_URL=${emulator.baseUrl}
ACS_TENANT=${c.tenant}
ACS_CLIENT_ID=${c.clientId}
ACS_CLIENT_SECRET=${c.clientSecret}
ACS_ORG_ID=${c.orgId}
ACS_TECHNICAL_ACCOUNT_ID=${c.technicalAccountId}
ACS_SCOPES=${c.scopes.join(',')}

# JWT (legacy) additionally
ACS_METASCOPES=${c.metascopes.join(',')}
ACS_PRIVATE_KEY_FILE=${keyFile}

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
