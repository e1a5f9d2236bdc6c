import { ConfigurationError } from '@campaign-standard/core';
import { describe, expect, it } from 'vitest';
import { createOAuthServerToServerAuth, type OAuthServerToServerOptions } from '../src/index.js';

const valid: OAuthServerToServerOptions = {
  clientId: 'client-1',
  clientSecrets: ['p8e-secret-value-1'],
  orgId: 'ABC123@AdobeOrg',
  scopes: ['openid', 'campaign_sdk'],
};

function messageOf(options: unknown): string {
  try {
    createOAuthServerToServerAuth(options as OAuthServerToServerOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).message;
  }
  throw new Error('expected a ConfigurationError');
}

const PREFIX = 'Invalid configuration (options): ';

describe('createOAuthServerToServerAuth rejects bad options up front', () => {
  it.each<[string, unknown, string]>([
    [
      'nothing given',
      {},
      'clientId is missing (looked in the options); orgId is missing (looked in the options); ' +
        'clientSecrets is missing (looked in the options); scopes is missing (looked in the options): ' +
        'copy them from the Scopes tab of the credential in the Developer Console',
    ],
    [
      'no options object',
      undefined,
      'options must be an object with clientId, clientSecrets, orgId and scopes',
    ],
    [
      'an org id without @AdobeOrg',
      { ...valid, orgId: 'ABC123' },
      'orgId "ABC123" is not an IMS organization id: it ends with "@AdobeOrg"',
    ],
    [
      'an empty scope list',
      { ...valid, scopes: [] },
      'scopes is empty: copy the scopes from the Scopes tab of the credential in the Developer Console',
    ],
    [
      'a scope list of blanks',
      { ...valid, scopes: [' ', ''] },
      'scopes is empty: copy the scopes from the Scopes tab of the credential in the Developer Console',
    ],
    ['scopes of the wrong type', { ...valid, scopes: 42 }, 'scopes must be a list of strings, not a number'],
    [
      'an http IMS URL that is not loopback',
      { ...valid, imsUrl: 'http://ims-na1.adobelogin.com' },
      'imsUrl must use https (http is allowed for loopback only): http://ims-na1.adobelogin.com',
    ],
    [
      'an IMS URL that is not a URL',
      { ...valid, imsUrl: 'ims-na1.adobelogin.com' },
      'imsUrl "ims-na1.adobelogin.com" is not a URL',
    ],
    [
      'three secrets',
      { ...valid, clientSecrets: ['p8e-a-aaaaaa', 'p8e-b-bbbbbb', 'p8e-c-cccccc'] },
      'clientSecrets holds 3 secrets: a credential has at most 2 (the current one and the one being rotated in)',
    ],
    [
      'client_secrets spelled as in the Console JSON',
      {
        clientId: 'client-1',
        client_secrets: ['p8e-secret-value-1'],
        orgId: 'ABC123@AdobeOrg',
        scopes: ['openid'],
      },
      'clientSecrets is missing (looked in the options); client_secrets is not an option: use clientSecrets',
    ],
    [
      'a JWT configuration',
      {
        clientId: 'client-1',
        clientSecret: 'p8e-secret-value-1',
        orgId: 'ABC123@AdobeOrg',
        metascopes: ['ent_campaign_sdk'],
        privateKey: '-----BEGIN PRIVATE KEY-----',
      },
      'scopes is missing (looked in the options): copy them from the Scopes tab of the credential in the Developer Console; ' +
        'metascopes belongs to a JWT (Service Account) credential: OAuth Server-to-Server takes scopes; ' +
        'privateKey belongs to a JWT (Service Account) credential: OAuth Server-to-Server needs no private key',
    ],
    [
      'a secret where the client id goes',
      { ...valid, clientId: 'p8e-looks-like-a-secret' },
      'clientId looks like a client secret (it starts with "p8e-"): give the client id (API key)',
    ],
    [
      'a secret of the wrong type',
      { ...valid, clientSecrets: undefined, clientSecret: 123 },
      'clientSecret must be a string, not a number',
    ],
    [
      'a fetch that is not a function',
      { ...valid, fetch: 'node-fetch' },
      'fetch must be a function with the signature of fetch',
    ],
    [
      'a negative refresh window',
      { ...valid, refreshWindowMs: -1 },
      'refreshWindowMs must be a number of milliseconds, 0 or more',
    ],
    [
      'bad retry settings',
      { ...valid, retry: { maxRetries: -1, retries: 3 } },
      'retry.maxRetries must be a number, 0 or more; ' +
        'retry.retries is not a retry option (maxRetries, initialDelayMs, maxDelayMs, maxRetryAfterMs)',
    ],
    [
      'retry of the wrong type',
      { ...valid, retry: 'yes' },
      'retry must be false or an object with maxRetries, initialDelayMs, maxDelayMs, maxRetryAfterMs',
    ],
    [
      'a store without delete',
      { ...valid, store: { get() {}, set() {} } },
      'store must be a token store with get, set and delete methods',
    ],
  ])('%s', (_name, options, expected) => {
    expect(messageOf(options)).toBe(`${PREFIX}${expected}`);
  });

  it('lists every problem at once, as issues to branch on', () => {
    try {
      createOAuthServerToServerAuth({
        clientId: '',
        clientSecrets: [],
        orgId: 'nope',
        scopes: [],
        imsUrl: 'http://example.com',
        refreshWindowMs: Number.NaN,
      });
      throw new Error('expected a ConfigurationError');
    } catch (error) {
      expect(error).toMatchObject({ code: 'ERR_CONFIGURATION', source: 'options' });
      expect((error as ConfigurationError).issues.map((issue) => issue.field)).toEqual([
        'clientId',
        'orgId',
        'clientSecrets',
        'scopes',
        'imsUrl',
        'refreshWindowMs',
      ]);
    }
  });

  it('accepts valid options, keeping scopes trimmed, de-duplicated and in order', () => {
    const auth = createOAuthServerToServerAuth({
      ...valid,
      scopes: 'openid, AdobeID,openid campaign_sdk',
      imsUrl: 'http://localhost:4010/',
    });
    expect(auth).toMatchObject({
      kind: 'oauth-server-to-server',
      clientId: 'client-1',
      orgId: 'ABC123@AdobeOrg',
      scopes: ['openid', 'AdobeID', 'campaign_sdk'],
      imsUrl: 'http://localhost:4010',
    });
    expect(createOAuthServerToServerAuth(valid).imsUrl).toBe('https://ims-na1.adobelogin.com');
  });
});
