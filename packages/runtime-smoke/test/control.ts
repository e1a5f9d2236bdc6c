import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator, FaultSpec } from '@campaign-standard/emulator';
import type { SmokeConfig } from '../src/smoke.js';

/** The control server of one run: hands the emulator's settings to the runtime under test. */
export interface Control {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the control server on loopback (see `SmokeControl`): `GET /config`, `POST /expire-tokens`,
 * `POST /faults` (a fault spec), `POST /clear-faults`.
 */
export async function startControl(emulator: Emulator, config: SmokeConfig): Promise<Control> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      const route = `${request.method} ${request.url}`;
      let answer: unknown = { ok: true };
      if (route === 'GET /config') answer = config;
      else if (route === 'POST /expire-tokens') emulator.expireTokens();
      else if (route === 'POST /faults') emulator.faults.inject(JSON.parse(body) as FaultSpec);
      else if (route === 'POST /clear-faults') emulator.faults.clear();
      else {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The smoke settings for an emulator: its default client, `pageSize` 10 over its profiles. */
export function smokeConfig(emulator: Emulator, runtime: string, profiles: number): SmokeConfig {
  const { credentials } = emulator;
  return {
    runtime,
    imsUrl: emulator.imsUrl,
    baseUrl: emulator.baseUrl,
    tenant: credentials.tenant,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    orgId: credentials.orgId,
    scopes: credentials.scopes,
    technicalAccountId: credentials.technicalAccountId,
    metascopes: credentials.metascopes,
    privateKey: credentials.privateKey,
    profiles,
    pageSize: 10,
  };
}
