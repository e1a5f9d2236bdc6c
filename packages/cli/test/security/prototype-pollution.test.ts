import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli-error.js';
import { readBody, readParams } from '../../src/data-input.js';
import { flatten, pickColumns } from '../../src/output/flatten.js';
import { baseEnv, runAcs, tempDir } from '../helpers.js';

/**
 * Field names given on the command line (`--set`, `--param`) or found in JSON must never reach
 * `Object.prototype`: a polluted `imsUrl` or `baseUrl` would send the client secret or the bearer
 * token to whatever host the name's value points at.
 */

const PROTOTYPE_PATHS = [
  '__proto__.imsUrl',
  'constructor.prototype.imsUrl',
  'a.__proto__.baseUrl',
  'prototype.x',
];

function prototypeIsClean(): void {
  for (const name of ['imsUrl', 'baseUrl', 'x', 'polluted'])
    expect((Object.prototype as Record<string, unknown>)[name], name).toBeUndefined();
}

describe('--set, --param and JSON bodies in process', () => {
  it.each(PROTOTYPE_PATHS)('--set %s is a usage error and pollutes nothing', (path) => {
    let error: unknown;
    try {
      readBody(undefined, ['name=x', `${path}=http://127.0.0.1:9`]);
    } catch (caught) {
      error = caught;
    }
    prototypeIsClean();
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(/cannot be a field name/);
  });

  it('--set nests into a JSON body that itself carries a "__proto__" key without polluting', () => {
    const body = readBody('{"__proto__": {"polluted": true}, "location": {"city": "Lyon"}}', [
      'location.zip=69001',
    ]) as Record<string, unknown>;
    prototypeIsClean();
    expect(JSON.parse(JSON.stringify(body))).toEqual({
      ['__proto__']: { polluted: true },
      location: { city: 'Lyon', zip: 69001 },
    });
  });

  it('--set creates nested fields as plain data', () => {
    const body = readBody(undefined, ['location.city=Paris', 'location.zip=75001', 'blackList=true']);
    expect(JSON.stringify(body)).toBe('{"location":{"city":"Paris","zip":75001},"blackList":true}');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('--param %s=… is a usage error', (name) => {
    expect(() => readParams([`${name}=x`])).toThrow(/cannot be a query parameter name/);
    prototypeIsClean();
  });

  it('the output flattener keeps a "__proto__" field of an answer as a column and pollutes nothing', () => {
    const record = JSON.parse(
      '{"email":"a@b.c","__proto__":{"polluted":"yes"},"nested":{"__proto__":{"polluted":1}}}',
    );
    const flat = flatten(record);
    prototypeIsClean();
    expect(flat['__proto__.polluted']).toBe('yes');
    expect(flat['nested.__proto__.polluted']).toBe(1);
    expect(Object.keys(flatten(record, 0))).toEqual(['email', '__proto__', 'nested']);
    expect(pickColumns([record])).toEqual(['email']);
  });
});

describe('acs api --set with prototype paths, end to end', () => {
  let emulator: Emulator;
  let stranger: Server;
  let strangerOrigin: string;
  const strangerSaw: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ profiles: 3 });
    stranger = createServer((request, response) => {
      strangerSaw.push(`${request.method} ${request.url}`);
      response.writeHead(500).end();
    });
    await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
    strangerOrigin = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await emulator?.stop();
    await new Promise<void>((resolve) => (stranger ? stranger.close(() => resolve()) : resolve()));
  });

  /** The emulator's settings, less the one setting the attack tries to plant. */
  function envWithout(name: 'ACS_IMS_URL' | 'ACS_BASE_URL'): Record<string, string> {
    const c = emulator.credentials;
    return baseEnv(tempDir('acs-pollution-'), {
      ACS_TENANT: 'acme',
      ACS_CLIENT_ID: c.clientId,
      ACS_CLIENT_SECRET: c.clientSecret,
      ACS_ORG_ID: c.orgId,
      ACS_SCOPES: c.scopes.join(','),
      ACS_IMS_URL: emulator.imsUrl,
      ACS_BASE_URL: emulator.baseUrl,
      [name]: undefined,
    });
  }

  it.each([
    ['__proto__.imsUrl', 'ACS_IMS_URL'],
    ['constructor.prototype.imsUrl', 'ACS_IMS_URL'],
    ['__proto__.baseUrl', 'ACS_BASE_URL'],
  ] as const)('--set %s=<another host>: usage error, nothing sent anywhere', async (path, unset) => {
    const before = emulator.stats.requests().length;
    const result = await runAcs(
      ['api', 'POST', '/profileAndServices/service', '--set', 'name=x', '--set', `${path}=${strangerOrigin}`],
      { env: envWithout(unset), cwd: tempDir() },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot be a field name/);
    expect(strangerSaw).toEqual([]);
    expect(emulator.stats.requests().length).toBe(before);
    expect(result.stderr).not.toContain(emulator.credentials.clientSecret);
  });
});

describe('configuration profiles named after prototype keys', () => {
  it('a profile named "constructor" or "__proto__" is plain data, and an unknown one is not found', async () => {
    const { readConfigFile } = await import('../../src/config/profiles.js');
    const dir = tempDir('acs-pollution-config-');
    const { chmodSync, writeFileSync } = await import('node:fs');
    chmodSync(dir, 0o700);
    const file = `${dir}/config.json`;
    writeFileSync(
      file,
      '{"current":"default","profiles":{"__proto__":{"ACS_IMS_URL":"http://127.0.0.1:9"},"constructor":{"ACS_TENANT":"x"}}}',
      { mode: 0o600 },
    );
    const config = await readConfigFile(file, () => {});
    prototypeIsClean();
    expect(config.profiles['default']).toBeUndefined();
    expect(config.profiles['toString']).toBeUndefined();
    expect(config.profiles['constructor']).toEqual({ ACS_TENANT: 'x' });
    expect(Object.keys(config.profiles)).toEqual(['__proto__', 'constructor']);
  });
});
