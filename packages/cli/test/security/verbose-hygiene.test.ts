import { randomBytes } from 'node:crypto';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, type RunResult, runAcs, tempDir } from '../helpers.js';

/**
 * Secret hygiene of the command line: with `--verbose` every HTTP exchange (IMS and Campaign) is
 * traced on stderr, and errors are printed; none of it may show a client secret (with or without
 * Adobe's `p8e-` shape), a private key or an access token, on success or on any failure.
 */

const SHAPELESS_SECRET = randomBytes(20).toString('hex');
const SHAPED_SECRET = `p8e-${randomBytes(24).toString('base64url')}`;
const CLIENT = 'cli-hygiene-client';
const ORG = 'AB12CD34EF56AB12CD34EF56@AdobeOrg';
const TECH = 'FE12DC34BA56FE12DC34BA56@techacct.adobe.com';

let emulator: Emulator;
let cwd: string;
// One config directory per method, so the token cache file keeps the tokens the runs used.
let oauthConfig: string;
let jwtConfig: string;

beforeAll(async () => {
  emulator = await startEmulator({ profiles: 5 });
  cwd = tempDir('acs-hygiene-');
  oauthConfig = tempDir('acs-hygiene-oauth-');
  jwtConfig = tempDir('acs-hygiene-jwt-');
  emulator.registerClient({
    clientId: CLIENT,
    clientSecrets: [SHAPELESS_SECRET, SHAPED_SECRET],
    orgId: ORG,
    technicalAccountId: TECH,
    scopes: ['campaign_sdk'],
    metascopes: ['ent_campaign_sdk'],
  });
});
afterAll(async () => {
  await emulator?.stop();
});

function oauthEnv(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  return baseEnv(oauthConfig, {
    ACS_TENANT: 'acme',
    ACS_CLIENT_ID: CLIENT,
    ACS_CLIENT_SECRET: SHAPELESS_SECRET,
    ACS_ORG_ID: ORG,
    ACS_SCOPES: 'campaign_sdk',
    ACS_IMS_URL: emulator.imsUrl,
    ACS_BASE_URL: emulator.baseUrl,
    ...overrides,
  });
}

function jwtEnv(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const c = emulator.credentials;
  return baseEnv(jwtConfig, {
    ACS_TENANT: 'acme',
    ACS_CLIENT_ID: c.clientId,
    ACS_CLIENT_SECRET: c.clientSecret,
    ACS_ORG_ID: c.orgId,
    ACS_TECHNICAL_ACCOUNT_ID: c.technicalAccountId,
    ACS_METASCOPES: c.metascopes.join(','),
    ACS_PRIVATE_KEY: c.privateKey,
    ACS_SUPPRESS_JWT_WARNING: '1',
    ACS_IMS_URL: emulator.imsUrl,
    ACS_BASE_URL: emulator.baseUrl,
    ...overrides,
  });
}

describe('acs --verbose never prints a secret', () => {
  it('on success and on every kind of failure, with either method', async () => {
    const c = emulator.credentials;
    const runs: Array<[string, () => Promise<RunResult>]> = [
      [
        'list, OAuth',
        () => runAcs(['--verbose', 'profiles', 'list', '--limit', '2'], { env: oauthEnv(), cwd }),
      ],
      ['list, JWT', () => runAcs(['--verbose', 'profiles', 'list', '--limit', '2'], { env: jwtEnv(), cwd })],
      ['auth check', () => runAcs(['--verbose', 'auth', 'check'], { env: oauthEnv(), cwd })],
      ['doctor', () => runAcs(['--verbose', 'doctor'], { env: oauthEnv(), cwd })],
      ['config list', () => runAcs(['--verbose', 'config', 'list'], { env: jwtEnv(), cwd })],
      [
        'wrong secret',
        () =>
          runAcs(['--verbose', 'profiles', 'list'], {
            env: oauthEnv({ ACS_CLIENT_SECRET: `${SHAPED_SECRET}0` }),
            cwd,
          }),
      ],
      [
        'JWT with an unknown key',
        () =>
          runAcs(['--verbose', 'profiles', 'list'], {
            env: jwtEnv({ ACS_PRIVATE_KEY: c.privateKey.replace('A', 'B') }),
            cwd,
          }),
      ],
      [
        'IMS unreachable',
        () =>
          runAcs(['--verbose', 'profiles', 'list'], {
            env: oauthEnv({ ACS_IMS_URL: 'http://127.0.0.1:9' }),
            cwd,
          }),
      ],
      [
        'IMS 500',
        () => {
          emulator.faults.inject({ target: 'ims', kind: 'status', status: 500, times: 10 });
          return runAcs(['--verbose', 'auth', 'token', '--force'], { env: oauthEnv(), cwd });
        },
      ],
      [
        'API 404',
        () => {
          emulator.faults.clear();
          return runAcs(['--verbose', 'profiles', 'get', '@nope'], { env: oauthEnv(), cwd });
        },
      ],
      [
        'API 503 on create',
        () => {
          emulator.faults.inject({ target: 'api', kind: 'status', status: 503, times: 1 });
          return runAcs(['--verbose', 'profiles', 'create', '--data', '{"email":"h@example.com"}'], {
            env: oauthEnv(),
            cwd,
          });
        },
      ],
      [
        'API reset',
        () => {
          emulator.faults.inject({ target: 'api', kind: 'reset', times: 10 });
          return runAcs(['--verbose', 'profiles', 'list'], { env: oauthEnv(), cwd });
        },
      ],
      [
        'wrong tenant',
        () => {
          emulator.faults.clear();
          return runAcs(['--verbose', 'profiles', 'list'], {
            env: oauthEnv({ ACS_TENANT: 'nosuchtenant' }),
            cwd,
          });
        },
      ],
      [
        'secret pasted as the org id',
        () =>
          runAcs(['--verbose', 'profiles', 'list'], { env: oauthEnv({ ACS_ORG_ID: SHAPELESS_SECRET }), cwd }),
      ],
      [
        'secrets as a broken list',
        () =>
          runAcs(['--verbose', 'profiles', 'list'], {
            env: oauthEnv({
              ACS_CLIENT_SECRET: undefined,
              ACS_CLIENT_SECRETS: `["${SHAPELESS_SECRET}", "${SHAPED_SECRET}"`,
            }),
            cwd,
          }),
      ],
      [
        'raw api call',
        () =>
          runAcs(['--verbose', 'api', 'GET', '/profileAndServices/profile?_lineCount=1'], {
            env: oauthEnv(),
            cwd,
          }),
      ],
    ];
    const tokens: string[] = [];
    const outputs: Array<[string, RunResult]> = [];
    for (const [name, run] of runs) outputs.push([name, await run()]);
    emulator.faults.clear();
    // the cached tokens the runs used, printed on purpose by `acs auth token`
    for (const env of [oauthEnv(), jwtEnv()])
      tokens.push((await runAcs(['auth', 'token'], { env, cwd })).stdout.trim());
    expect(tokens.every((token) => token.split('.').length === 3)).toBe(true);

    const needles = [
      SHAPELESS_SECRET,
      SHAPED_SECRET,
      c.clientSecret,
      ...c.privateKey.split('\n').filter((line) => line.length >= 40),
      ...tokens.flatMap((token) => [token, ...token.split('.').filter((part) => part.length >= 40)]),
    ];
    const leaks: string[] = [];
    for (const [name, result] of outputs) {
      const text = `${result.stdout}\n${result.stderr}`;
      for (const needle of needles) if (text.includes(needle)) leaks.push(`${name}: ${needle.slice(0, 10)}…`);
      // any IMS token, including ones fetched and replaced during the runs
      for (const token of text.match(/eyJ[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}/g) ?? [])
        leaks.push(`${name}: ${token.slice(0, 10)}…`);
    }
    expect(leaks).toEqual([]);
    // the traces did happen: verbose output shows the exchanges, with the credentials masked
    const traced = outputs.find(([name]) => name === 'list, OAuth')![1].stderr;
    expect(traced).toMatch(/> POST .*\/ims\/token\/v3/);
    expect(traced).toMatch(/authorization: Bearer \[REDACTED\]/i);
    expect(outputs.filter(([, result]) => result.code !== 0).length).toBeGreaterThanOrEqual(10);
  }, 60_000);
});
