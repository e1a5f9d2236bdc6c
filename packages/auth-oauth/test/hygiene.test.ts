import { inspect } from 'node:util';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOAuthServerToServerAuth, fromEnvironment } from '../src/index.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

/** Every way a value gets printed or serialized by users and loggers. */
function printed(value: unknown): string {
  const parts = [
    String(value),
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true }),
    JSON.stringify(value) ?? '',
  ];
  if (value instanceof Error) {
    parts.push(
      value.stack ?? '',
      inspect(value.cause, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    );
  }
  if (typeof value === 'object' && value !== null)
    for (const key of Reflect.ownKeys(value))
      parts.push(String((value as Record<PropertyKey, unknown>)[key]));
  return parts.join('\n');
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('secret hygiene', () => {
  it('the strategy object holds no secret and no token, however it is printed', async () => {
    const c = emulator.credentials;
    const spare = 'p8e-spare-rotation-secret-0002';
    const auth = createOAuthServerToServerAuth({
      clientId: c.clientId,
      clientSecrets: [c.clientSecret, spare],
      orgId: c.orgId,
      scopes: c.scopes,
      imsUrl: emulator.imsUrl,
    });
    const { token } = await auth.getToken();
    const text = printed(auth);
    for (const secret of [c.clientSecret, spare, token]) expect(text).not.toContain(secret);
    expect(Object.isFrozen(auth)).toBe(true);
  });

  it('errors of every kind hold no secret and no token', async () => {
    const c = emulator.credentials;
    const good = createOAuthServerToServerAuth({
      clientId: c.clientId,
      clientSecrets: [c.clientSecret],
      orgId: c.orgId,
      scopes: c.scopes,
      imsUrl: emulator.imsUrl,
    });
    const { token } = await good.getToken();
    const wrong = ['p8e-hygiene-wrong-secret-01', 'p8e-hygiene-wrong-secret-02'];
    const base = { clientId: c.clientId, orgId: c.orgId, scopes: c.scopes, imsUrl: emulator.imsUrl };

    const errors: unknown[] = [];
    errors.push(
      await failure(createOAuthServerToServerAuth({ ...base, clientSecrets: [wrong[0]!] }).getToken()),
    );
    errors.push(await failure(createOAuthServerToServerAuth({ ...base, clientSecrets: wrong }).getToken()));
    emulator.faults.inject({ target: 'ims', kind: 'status', status: 429, retryAfterSeconds: 3, times: 1 });
    errors.push(
      await failure(
        createOAuthServerToServerAuth({ ...base, clientSecrets: [c.clientSecret], retry: false }).getToken(),
      ),
    );
    errors.push(
      await failure(
        createOAuthServerToServerAuth({
          ...base,
          clientSecrets: [c.clientSecret],
          imsUrl: 'http://127.0.0.1:9',
          retry: false,
        }).getToken(),
      ),
    );
    errors.push(
      await failure(
        createOAuthServerToServerAuth({ ...base, clientSecrets: [c.clientSecret] }).getToken({
          signal: AbortSignal.abort(),
        }),
      ),
    );
    // a secret pasted into the wrong fields is reported without its value
    const pasted = 'p8e-pasted-into-wrong-field-03';
    try {
      createOAuthServerToServerAuth({
        ...base,
        clientSecrets: [pasted],
        orgId: pasted,
        imsUrl: `https://${pasted}@x.com`,
      });
    } catch (error) {
      errors.push(error);
    }
    try {
      fromEnvironment({
        ACS_CLIENT_SECRETS: `["${pasted}", "${wrong[0]}", "${wrong[1]}"]`,
        ACS_CLIENT_ID: pasted,
      });
    } catch (error) {
      errors.push(error);
    }

    expect(errors).toHaveLength(7);
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      const text = printed(error);
      for (const secret of [c.clientSecret, ...wrong, pasted, token]) expect(text).not.toContain(secret);
    }
  });
});
