import { describe, expect, it } from 'vitest';
import { createCacheKey, sha256Hex } from './cache-key.js';

const base = {
  imsUrl: 'https://ims-na1.adobelogin.com',
  clientId: 'client-123',
  orgId: 'ABC@AdobeOrg',
  scopes: ['openid', 'AdobeID', 'campaign_sdk'],
  technicalAccountId: 'tech@techacct.adobe.com',
};
const secret = 'p8e-very-secret-value';

describe('createCacheKey', () => {
  it('has the shape acs:<kind>:<clientId>:<sha256 hex>', async () => {
    const key = await createCacheKey('oauth-server-to-server', base, [secret]);
    expect(key).toMatch(/^acs:oauth-server-to-server:client-123:[0-9a-f]{64}$/);
    expect(await createCacheKey('oauth-server-to-server', base, [secret])).toBe(key);
  });

  it('differs when any input changes', async () => {
    const reference = await createCacheKey('oauth-server-to-server', base, [secret]);
    const variants = await Promise.all([
      createCacheKey('jwt', base, [secret]),
      createCacheKey('oauth-server-to-server', { ...base, imsUrl: 'https://ims-na1-stg1.adobelogin.com' }, [
        secret,
      ]),
      createCacheKey('oauth-server-to-server', { ...base, clientId: 'client-124' }, [secret]),
      createCacheKey('oauth-server-to-server', { ...base, orgId: 'ABD@AdobeOrg' }, [secret]),
      createCacheKey('oauth-server-to-server', { ...base, scopes: ['openid', 'AdobeID'] }, [secret]),
      createCacheKey('oauth-server-to-server', { ...base, technicalAccountId: 'other@techacct.adobe.com' }, [
        secret,
      ]),
      createCacheKey('oauth-server-to-server', { ...base, technicalAccountId: undefined }, [secret]),
      createCacheKey('oauth-server-to-server', { ...base, technicalAccountId: '' }, [secret]),
      createCacheKey('oauth-server-to-server', base, [`${secret}x`]),
      createCacheKey('oauth-server-to-server', base, [secret, 'second-secret-value']),
      createCacheKey('oauth-server-to-server', base, []),
    ]);
    expect(new Set([reference, ...variants]).size).toBe(variants.length + 1);
  });

  it('ignores the order of scopes and secrets, which does not change the token', async () => {
    const a = await createCacheKey('oauth-server-to-server', base, [secret, 'second-secret-value']);
    const b = await createCacheKey(
      'oauth-server-to-server',
      { ...base, scopes: [...base.scopes].reverse() },
      ['second-secret-value', secret],
    );
    expect(b).toBe(a);
  });

  it('never contains a secret, nor its plain hash', async () => {
    const key = await createCacheKey('oauth-server-to-server', base, [secret]);
    expect(key).not.toContain(secret);
    expect(key).not.toContain(await sha256Hex(secret));
  });
});

describe('sha256Hex', () => {
  it('matches the SHA-256 test vector', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
