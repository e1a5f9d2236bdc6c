import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  ApiError,
  CampaignSdkError,
  ConfigurationError,
  ForeignOriginError,
  ImsError,
  NetworkError,
  OutcomeUnknownError,
  PrivateKeyError,
  TenantUriError,
  TimeoutError,
  UnexpectedResponseError,
} from './errors.js';
import { REDACTED, redact, redactHeaders, redactValue, registerSecret } from './redact.js';

// Real-looking but fake values, none of them registered with registerSecret: the shapes alone
// must be enough to keep them out of every error.
const CLIENT_SECRET = 'p8e-Zq3xW9vB7nM2kL5jH8gF4dS1aP0oI6uY';
const PRIVATE_KEY = [
  '-----BEGIN PRIVATE KEY-----',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj',
  'MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu',
  '-----END PRIVATE KEY-----',
].join('\n');
const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';
const JWT_TOKEN =
  'eyJhbGciOiJSUzI1NiIsIng1dSI6Imltc19uYTEta2V5LWF0LTEuY2VyIn0.eyJ0eXBlIjoiYWNjZXNzX3Rva2VuIiwiY2xpZW50X2lkIjoiYWJjIn0.c2lnbmF0dXJlLXBhcnQtb2YtdGhlLXRva2Vu';
const BEARER_HEADER = 'Bearer 8f14e45fceea167a5a36dedd4bea2543';
const BEARER_VALUE = '8f14e45fceea167a5a36dedd4bea2543';
const BASIC_URL = 'https://proxyuser:S3cr3t-Pa55word@proxy.example.com:8080/';
const BASIC_PASSWORD = 'S3cr3t-Pa55word';

const SECRETS = [CLIENT_SECRET, PEM_BODY, JWT_TOKEN, BEARER_VALUE, BASIC_PASSWORD];
const TEXT =
  `client secret ${CLIENT_SECRET}; key ${PRIVATE_KEY}; token ${JWT_TOKEN}; ` +
  `Authorization: ${BEARER_HEADER}; proxy ${BASIC_URL}`;

function renderings(error: Error): Record<string, string> {
  return {
    message: error.message,
    string: String(error),
    json: JSON.stringify(error),
    inspect: inspect(error, { depth: 10 }),
    stack: error.stack ?? '',
  };
}

function expectClean(error: Error): void {
  for (const [how, rendered] of Object.entries(renderings(error))) {
    for (const secret of SECRETS) {
      expect(rendered.includes(secret), `${error.name} leaks a secret through ${how}: ${rendered}`).toBe(
        false,
      );
    }
  }
}

const causes: Array<[string, () => unknown]> = [
  ['an Error', () => new Error(TEXT)],
  ['a string', () => TEXT],
  ['a plain object', () => ({ client_secret: CLIENT_SECRET, detail: TEXT })],
];

const factories: Array<[string, (cause: unknown) => Error]> = [
  ['CampaignSdkError', (cause) => new CampaignSdkError('ERR_NETWORK', TEXT, { cause, hint: TEXT })],
  [
    'ConfigurationError',
    (cause) =>
      new ConfigurationError([{ field: `ACS_CLIENT_SECRET=${CLIENT_SECRET}`, problem: TEXT }], TEXT, {
        cause,
      }),
  ],
  [
    'ImsError',
    (cause) =>
      new ImsError(
        {
          status: 400,
          error: 'invalid_client',
          errorDescription: TEXT,
          debugId: 'debug-1',
          endpoint: `${BASIC_URL}ims/token/v3?client_secret=${CLIENT_SECRET}`,
        },
        { cause },
      ),
  ],
  [
    'ApiError',
    (cause) =>
      new ApiError(
        {
          status: 401,
          errorCode: '401013',
          message: TEXT,
          method: 'GET',
          url: `${BASIC_URL}campaign/profileAndServices/profile`,
          body: { message: TEXT, access_token: JWT_TOKEN, nested: [{ text: TEXT }] },
        },
        { cause },
      ),
  ],
  [
    'TenantUriError',
    (cause) => new TenantUriError({ status: 502, message: TEXT, body: TEXT, tenant: 'acme' }, { cause }),
  ],
  ['NetworkError', (cause) => new NetworkError(TEXT, { cause, url: BASIC_URL })],
  ['TimeoutError', (cause) => new TimeoutError(TEXT, 1000, { cause })],
  ['AbortedError', (cause) => new AbortedError(TEXT, { cause })],
  [
    'UnexpectedResponseError',
    (cause) => new UnexpectedResponseError(TEXT, { status: 200, body: TEXT }, { cause }),
  ],
  ['ForeignOriginError', (cause) => new ForeignOriginError('https://mc.adobe.io', BASIC_URL, { cause })],
  [
    'OutcomeUnknownError',
    (cause) => new OutcomeUnknownError('POST', `${BASIC_URL}?token=${JWT_TOKEN}`, { cause }),
  ],
  ['PrivateKeyError', (cause) => new PrivateKeyError(TEXT, { cause })],
];

describe('no secret survives into an error', () => {
  for (const [name, create] of factories) {
    for (const [causeName, cause] of causes) {
      it(`${name} with ${causeName} as cause`, () => {
        expectClean(create(cause()));
      });
    }
  }

  it('keeps what is not secret, so the error stays useful', () => {
    const error = new ImsError({
      status: 400,
      error: 'invalid_client',
      errorDescription: TEXT,
      debugId: 'dbg-42',
    });
    expect(error.message).toContain('IMS answered 400: invalid_client: client secret [REDACTED]');
    expect(error.message).toContain('(x-debug-id dbg-42)');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'ImsError',
      code: 'ERR_IMS',
      status: 400,
    });
  });
});

describe('redact', () => {
  it('removes every secret shape from a text', () => {
    const out = redact(TEXT);
    for (const secret of SECRETS) expect(out).not.toContain(secret);
    expect(out).toContain('Authorization: Bearer [REDACTED]');
    expect(out).toContain(`https://proxyuser:${REDACTED}@proxy.example.com:8080/`);
  });

  it('removes a password containing "@" from a URL entirely', () => {
    expect(redact('https://user:p@ss@host.example.com/x')).toBe(
      `https://user:${REDACTED}@host.example.com/x`,
    );
  });

  it('removes an Adobe client secret found in free text', () => {
    expect(redact(`wrong secret ${CLIENT_SECRET} given`)).toBe(`wrong secret ${REDACTED} given`);
  });

  it('removes form and JSON secret fields', () => {
    expect(redact(`client_id=abc&client_secret=${CLIENT_SECRET}&jwt_token=xyz123`)).toBe(
      `client_id=abc&client_secret=${REDACTED}&jwt_token=${REDACTED}`,
    );
    expect(redact(`{"CLIENT_SECRETS":["${CLIENT_SECRET}"],"CLIENT_ID":"abc"}`)).toBe(
      `{"CLIENT_SECRETS":"${REDACTED}","CLIENT_ID":"abc"}`,
    );
  });

  it('removes extra values given for one call', () => {
    expect(redact('passphrase is hunter22', ['hunter22'])).toBe(`passphrase is ${REDACTED}`);
  });

  it('leaves ordinary text alone', () => {
    expect(redact('Campaign answered 404 for /profileAndServices/profile')).toBe(
      'Campaign answered 404 for /profileAndServices/profile',
    );
  });
});

describe('redactHeaders', () => {
  it('keeps the scheme of credentials headers and redacts the rest', () => {
    const out = redactHeaders({
      Authorization: BEARER_HEADER,
      'Proxy-Authorization': 'Basic dXNlcjpwYXNz',
      Cookie: 'session=abc123def',
      'X-Api-Key': 'client-id-is-public',
      'X-Debug': `token ${JWT_TOKEN}`,
    });
    expect(out).toEqual({
      Authorization: `Bearer ${REDACTED}`,
      'Proxy-Authorization': `Basic ${REDACTED}`,
      Cookie: REDACTED,
      'X-Api-Key': 'client-id-is-public',
      'X-Debug': `token ${REDACTED}`,
    });
  });

  it('accepts Headers and entry lists', () => {
    expect(redactHeaders(new Headers({ authorization: BEARER_HEADER }))).toEqual({
      authorization: `Bearer ${REDACTED}`,
    });
    expect(redactHeaders([['Authorization', BEARER_HEADER]])).toEqual({
      Authorization: `Bearer ${REDACTED}`,
    });
  });
});

describe('redactValue', () => {
  it('redacts secret-named keys and secret-shaped strings at any depth', () => {
    const out = redactValue({
      clientId: 'abc',
      clientSecrets: [CLIENT_SECRET],
      privateKey: PRIVATE_KEY,
      nested: { list: [{ note: TEXT }], access_token: JWT_TOKEN },
    });
    const json = JSON.stringify(out);
    for (const secret of SECRETS) expect(json).not.toContain(secret);
    expect(out.clientId).toBe('abc');
    expect(out.clientSecrets).toBe(REDACTED);
  });
});

describe('registerSecret keeps a bounded list', () => {
  it('forgets the oldest value past 1,000, but never one that is re-registered while in use', () => {
    const inUse = 'p8e-in-use-secret-value-0001';
    const forgotten = 'registered-once-long-ago-0001';
    registerSecret(forgotten);
    registerSecret(inUse);
    for (let i = 0; i < 1_200; i++) {
      registerSecret(`rotating-token-value-${i}`);
      if (i % 100 === 0) registerSecret(inUse);
    }
    expect(redact(`a ${inUse} b`)).toBe(`a ${REDACTED} b`);
    expect(redact('rotating-token-value-1199')).toBe(REDACTED);
    expect(redact(forgotten)).toBe(forgotten);
  });
});
