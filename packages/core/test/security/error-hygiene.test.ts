import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createCacheKey } from '../../src/cache-key.js';
import {
  ApiError,
  ConfigurationError,
  ImsError,
  NetworkError,
  OutcomeUnknownError,
  PrivateKeyError,
  TimeoutError,
  UnexpectedResponseError,
} from '../../src/errors.js';
import { createFileTokenStore } from '../../src/file-store.js';
import { registerSecret } from '../../src/redact.js';

const REGISTERED = randomBytes(20).toString('hex');
const SHAPED = `p8e-${randomBytes(24).toString('base64url')}`;
const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();
const TOKEN = `eyJhbGciOiJSUzI1NiJ9.${randomBytes(60).toString('base64url')}.${randomBytes(40).toString('base64url')}`;
registerSecret(REGISTERED);

const needles = [REGISTERED, SHAPED, TOKEN, ...KEY.split('\n').filter((line) => line.length >= 40)];
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function printed(value: unknown): string {
  const parts = [
    String(value),
    JSON.stringify(value) ?? '',
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    format('%o', value),
  ];
  if (value instanceof Error) parts.push(value.stack ?? '', inspect(value.cause, { showHidden: true }));
  return parts.join('\n');
}

describe('core errors keep secrets out of every field', () => {
  const text = `secret ${SHAPED} registered ${REGISTERED} token ${TOKEN} key ${KEY} client_secret=${REGISTERED}`;
  const platformCause = new Error(`fetch failed: ${text}`);
  const cases: Array<[string, () => Error]> = [
    [
      'ConfigurationError',
      () => new ConfigurationError([{ field: text, problem: text }], text, { hint: text }),
    ],
    [
      'ImsError',
      () =>
        new ImsError(
          {
            status: 400,
            error: 'invalid_client',
            errorDescription: text,
            endpoint: `https://ims.example.com/?client_secret=${SHAPED}`,
          },
          { cause: { body: text, client_secret: SHAPED } },
        ),
    ],
    [
      'ApiError',
      () =>
        new ApiError({
          status: 401,
          message: text,
          method: 'GET',
          url: `https://u:${REGISTERED}@mc.adobe.io/x?access_token=${TOKEN}`,
          body: { message: text, token: TOKEN, nested: [{ authorization: `Bearer ${TOKEN}` }] },
        }),
    ],
    [
      'NetworkError',
      () => new NetworkError(text, { cause: platformCause, url: `https://x:${SHAPED}@mc.adobe.io` }),
    ],
    ['TimeoutError', () => new TimeoutError(text, 10, { cause: text })],
    ['UnexpectedResponseError', () => new UnexpectedResponseError(text, { status: 200, body: text })],
    [
      'OutcomeUnknownError',
      () =>
        new OutcomeUnknownError('POST', `https://mc.adobe.io/?client_secret=${SHAPED}`, {
          cause: new ApiError({ status: 503, message: text }),
        }),
    ],
    ['PrivateKeyError', () => new PrivateKeyError(text, { cause: new Error(KEY) })],
  ];
  it.each(cases)('%s', (_name, make) => {
    const output = printed(make());
    for (const needle of needles) expect(output).not.toContain(needle);
  });
});

describe('what core writes to disk and uses as keys', () => {
  it('the token cache file and its directory are private, and hold no client secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'acs-core-security-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'tokens.json');
    const store = createFileTokenStore({ path });
    const key = await createCacheKey('oauth-server-to-server', { clientId: 'c', orgId: 'o@AdobeOrg' }, [
      SHAPED,
    ]);
    await store.set(key, {
      accessToken: { token: TOKEN, tokenType: 'bearer', expiresOnTimestamp: Date.now() + 60_000 },
      storedAt: Date.now(),
    });
    const content = readFileSync(path, 'utf8');
    expect(content).not.toContain(SHAPED);
    expect(key).not.toContain(SHAPED);
    if (process.platform !== 'win32') {
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'nested')).mode & 0o777).toBe(0o700);
    }
  });
});
