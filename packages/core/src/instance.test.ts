import { describe, expect, it } from 'vitest';
import { ConfigurationError } from './errors.js';
import { isLoopbackHost, resolveInstance } from './instance.js';

function problems(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('resolveInstance', () => {
  it('builds the production URL', () => {
    expect(resolveInstance({ tenant: 'acme' })).toEqual({
      tenant: 'acme',
      environment: 'production',
      tenantPath: 'acme',
      baseUrl: 'https://mc.adobe.io/acme/campaign',
      origin: 'https://mc.adobe.io',
    });
  });

  it('builds the stage URL from environment "stage" or from the suffix, never doubling it', () => {
    const expected = {
      tenant: 'acme',
      environment: 'stage',
      tenantPath: 'acme-mkt-stage',
      baseUrl: 'https://mc.adobe.io/acme-mkt-stage/campaign',
      origin: 'https://mc.adobe.io',
    };
    expect(resolveInstance({ tenant: 'acme', environment: 'stage' })).toEqual(expected);
    expect(resolveInstance({ tenant: 'acme-mkt-stage' })).toEqual(expected);
    expect(resolveInstance({ tenant: 'acme-mkt-stage', environment: 'stage' })).toEqual(expected);
  });

  it('rejects an empty or blank tenant', () => {
    const message =
      'Invalid configuration (Campaign instance): tenant is missing: give the <ORGANIZATION> part of https://mc.adobe.io/<ORGANIZATION>/campaign';
    expect(problems(() => resolveInstance({ tenant: '' }))).toBe(message);
    expect(problems(() => resolveInstance({ tenant: '   ' }))).toBe(message);
    expect(problems(() => resolveInstance({ tenant: undefined as unknown as string }))).toBe(message);
  });

  it.each([
    'acme/other',
    'acme?x=1',
    'acme#frag',
    'ac%2Fme',
    '..',
    'ac..me',
    'ac me',
    ' acme',
    'user@acme',
    'acme:443',
  ])('rejects tenant %j, which would change the URL', (tenant) => {
    expect(problems(() => resolveInstance({ tenant }))).toBe(
      `Invalid configuration (Campaign instance): tenant "${tenant}" contains characters that would change the URL (spaces, / ? # % \\ @ : or ..): give the bare tenant id, e.g. "acme"`,
    );
  });

  it('rejects a tenant that starts with a dot or holds other characters', () => {
    expect(problems(() => resolveInstance({ tenant: '.acme' }))).toBe(
      'Invalid configuration (Campaign instance): tenant ".acme" is not a tenant id: use letters, digits, "-", "_" and "."',
    );
  });

  it('rejects an unknown environment', () => {
    expect(problems(() => resolveInstance({ tenant: 'acme', environment: 'prod' as 'production' }))).toBe(
      'Invalid configuration (Campaign instance): environment "prod" is not one of: production, stage',
    );
  });

  it('rejects a stage tenant asked for as production', () => {
    expect(problems(() => resolveInstance({ tenant: 'acme-mkt-stage', environment: 'production' }))).toBe(
      'Invalid configuration (Campaign instance): environment is "production" but tenant "acme-mkt-stage" names the stage instance: drop "-mkt-stage" or use environment "stage"',
    );
    expect(problems(() => resolveInstance({ tenant: '-mkt-stage' }))).toContain(
      'tenant "-mkt-stage" has no tenant id before "-mkt-stage"',
    );
  });

  it('uses a base URL override, keeping its path prefix', () => {
    expect(resolveInstance({ tenant: 'acme', baseUrl: 'http://127.0.0.1:4010/' }).baseUrl).toBe(
      'http://127.0.0.1:4010/acme/campaign',
    );
    expect(
      resolveInstance({ tenant: 'acme', environment: 'stage', baseUrl: 'https://gw.example.com/prefix/' }),
    ).toMatchObject({
      baseUrl: 'https://gw.example.com/prefix/acme-mkt-stage/campaign',
      origin: 'https://gw.example.com',
    });
  });

  it('accepts plain http for loopback hosts only', () => {
    expect(resolveInstance({ tenant: 'acme', baseUrl: 'http://localhost:8080' }).origin).toBe(
      'http://localhost:8080',
    );
    expect(resolveInstance({ tenant: 'acme', baseUrl: 'http://[::1]:8080' }).origin).toBe(
      'http://[::1]:8080',
    );
    expect(problems(() => resolveInstance({ tenant: 'acme', baseUrl: 'http://mc.adobe.io' }))).toBe(
      'Invalid configuration (Campaign instance): baseUrl must use https (http is allowed for loopback only): http://mc.adobe.io',
    );
    expect(
      problems(() => resolveInstance({ tenant: 'acme', baseUrl: 'http://localhost.evil.example' })),
    ).toContain('baseUrl must use https');
  });

  it('rejects a base URL with credentials, a query or a fragment, and a non-URL', () => {
    expect(problems(() => resolveInstance({ tenant: 'acme', baseUrl: 'https://user:pw@mc.adobe.io' }))).toBe(
      'Invalid configuration (Campaign instance): baseUrl must not carry credentials, a query or a fragment',
    );
    expect(problems(() => resolveInstance({ tenant: 'acme', baseUrl: 'mc.adobe.io' }))).toBe(
      'Invalid configuration (Campaign instance): baseUrl "mc.adobe.io" is not a URL',
    );
  });

  it('reports every problem at once', () => {
    expect(
      problems(() => resolveInstance({ tenant: '', environment: 'qa' as 'stage', baseUrl: 'ftp://x' })),
    ).toBe(
      'Invalid configuration (Campaign instance): tenant is missing: give the <ORGANIZATION> part of https://mc.adobe.io/<ORGANIZATION>/campaign; ' +
        'environment "qa" is not one of: production, stage; baseUrl must use https (http is allowed for loopback only): ftp://x',
    );
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.10.20.30', true],
    ['[::1]', true],
    ['::1', true],
    ['LOCALHOST', true],
    ['0.0.0.0', false],
    ['localhost.example.com', false],
    ['128.0.0.1', false],
    ['mc.adobe.io', false],
  ])('%s -> %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
