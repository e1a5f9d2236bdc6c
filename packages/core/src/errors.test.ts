import { describe, expect, it } from 'vitest';
import {
  ApiError,
  CampaignSdkError,
  ConfigurationError,
  ImsError,
  isCampaignSdkError,
  isTenantUriBody,
  PrivateKeyError,
  TENANT_URI_MESSAGE,
  TenantUriError,
} from './errors.js';

describe('ConfigurationError', () => {
  it('lists every issue in one message, with its source', () => {
    const error = new ConfigurationError(
      [
        { field: 'ACS_CLIENT_ID', problem: 'is missing' },
        { field: 'ACS_ORG_ID', problem: 'is missing' },
      ],
      'environment',
    );
    expect(error.message).toBe(
      'Invalid configuration (environment): ACS_CLIENT_ID is missing; ACS_ORG_ID is missing',
    );
    expect(error.code).toBe('ERR_CONFIGURATION');
    expect(error.name).toBe('ConfigurationError');
    expect(error.source).toBe('environment');
    expect(error.issues).toEqual([
      { field: 'ACS_CLIENT_ID', problem: 'is missing' },
      { field: 'ACS_ORG_ID', problem: 'is missing' },
    ]);
    expect(error).toBeInstanceOf(CampaignSdkError);
    expect(error).toBeInstanceOf(Error);
  });

  it('serializes to a plain object with its issues and hint', () => {
    const error = new ConfigurationError([{ field: 'scopes', problem: 'is empty' }], 'options', {
      hint: 'copy them',
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ConfigurationError',
      message: 'Invalid configuration (options): scopes is empty',
      code: 'ERR_CONFIGURATION',
      hint: 'copy them',
      issues: [{ field: 'scopes', problem: 'is empty' }],
      source: 'options',
    });
  });
});

describe('ImsError', () => {
  it('puts the OAuth error, description and debug id in the message', () => {
    const error = new ImsError({
      status: 400,
      error: 'invalid_scope',
      errorDescription: 'The metascopes in the JWT are not a subset of the metascopes in the binding.',
      debugId: 'abc-123',
    });
    expect(error.message).toBe(
      'IMS answered 400: invalid_scope: The metascopes in the JWT are not a subset of the metascopes in the binding. (x-debug-id abc-123)',
    );
    expect(error.retryable).toBe(false);
  });

  it('says so when IMS gave no details, and marks 429 and 5xx as retryable', () => {
    expect(new ImsError({ status: 503 }).message).toBe('IMS answered 503: no error details');
    expect(new ImsError({ status: 503 }).retryable).toBe(true);
    expect(new ImsError({ status: 429, retryAfterMs: 2000 }).retryable).toBe(true);
    expect(new ImsError({ status: 401, error: 'invalid_client' }).retryable).toBe(false);
  });
});

describe('ApiError and TenantUriError', () => {
  it('names the status, code and request', () => {
    const error = new ApiError({
      status: 401,
      errorCode: '401013',
      message: 'Oauth token is not valid',
      method: 'GET',
      url: 'https://mc.adobe.io/acme/campaign/profileAndServices/profile',
    });
    expect(error.message).toBe(
      'Campaign answered 401 401013: Oauth token is not valid (GET https://mc.adobe.io/acme/campaign/profileAndServices/profile)',
    );
    expect(error.code).toBe('ERR_API');
  });

  it('recognizes the gateway "Check your URI" body and explains it', () => {
    expect(isTenantUriBody({ code: 502, message: TENANT_URI_MESSAGE })).toBe(true);
    expect(isTenantUriBody(`<p>${TENANT_URI_MESSAGE}</p>`)).toBe(true);
    expect(isTenantUriBody({ message: 'Not found' })).toBe(false);
    expect(isTenantUriBody(null)).toBe(false);
    const error = new TenantUriError({ status: 502, message: TENANT_URI_MESSAGE, tenant: 'acme' });
    expect(error.code).toBe('ERR_TENANT_URI');
    expect(error).toBeInstanceOf(ApiError);
    expect(error.hint).toContain('The tenant "acme" is not known to the gateway');
  });
});

describe('isCampaignSdkError', () => {
  it('recognizes SDK errors, also from another copy of the package, by code', () => {
    expect(isCampaignSdkError(new PrivateKeyError('bad key'))).toBe(true);
    expect(isCampaignSdkError(new PrivateKeyError('bad key'), 'ERR_PRIVATE_KEY')).toBe(true);
    expect(isCampaignSdkError(new PrivateKeyError('bad key'), 'ERR_IMS')).toBe(false);
    const foreign = Object.assign(new Error('x'), { code: 'ERR_IMS' });
    expect(isCampaignSdkError(foreign, 'ERR_IMS')).toBe(true);
    expect(isCampaignSdkError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false);
    expect(isCampaignSdkError({ code: 'ERR_IMS', message: 'not an Error' })).toBe(false);
  });
});

describe('causes', () => {
  it('keeps the cause, redacted, and an SDK cause as it is', () => {
    const inner = new ImsError({ status: 400, error: 'invalid_client' });
    const outer = new CampaignSdkError('ERR_NETWORK', 'wrapped', { cause: inner });
    expect(outer.cause).toBe(inner);
    const plain = new CampaignSdkError('ERR_NETWORK', 'wrapped', {
      cause: new Error('failed with client_secret=abcdef123'),
    });
    expect((plain.cause as Error).message).toBe('failed with client_secret=[REDACTED]');
    expect(JSON.parse(JSON.stringify(plain)).cause).toEqual({
      name: 'Error',
      message: 'failed with client_secret=[REDACTED]',
    });
  });
});
