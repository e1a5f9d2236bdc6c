import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJwtAuth, fromEnvironment, JWT_DEPRECATION_CODE } from '../src/index.js';
import { CLIENT_SECRET, makeRsaKeys, ORG, TECHNICAL_ACCOUNT } from './keys.js';

const keys = makeRsaKeys();
const OPTIONS = {
  clientId: 'abc123',
  clientSecret: CLIENT_SECRET,
  orgId: ORG,
  technicalAccountId: TECHNICAL_ACCOUNT,
  metascopes: ['ent_campaign_sdk'],
  privateKey: keys.pkcs8,
};
const FLAG = Symbol.for('@campaign-standard/auth-jwt.deprecation-warned');

let emitWarning: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  delete (globalThis as unknown as Record<symbol, unknown>)[FLAG];
  emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
});
afterEach(() => {
  emitWarning.mockRestore();
  vi.unstubAllEnvs();
});

describe('deprecation warning', () => {
  it('is emitted once per process, as a DeprecationWarning pointing to the migration guide', () => {
    createJwtAuth(OPTIONS);
    createJwtAuth(OPTIONS);
    createJwtAuth({ ...OPTIONS, clientId: 'another' });
    expect(emitWarning).toHaveBeenCalledTimes(1);
    const [message, options] = emitWarning.mock.calls[0]!;
    expect(options).toEqual({ type: 'DeprecationWarning', code: JWT_DEPRECATION_CODE });
    expect(message).toContain('docs/guides/migrate-jwt-to-oauth.md');
    expect(message).toContain('@campaign-standard/auth-oauth');
  });

  it('is not emitted with quietDeprecation', () => {
    createJwtAuth({ ...OPTIONS, quietDeprecation: true });
    expect(emitWarning).not.toHaveBeenCalled();
  });

  it('is not emitted with ACS_SUPPRESS_JWT_WARNING=1 in the process or in the loader environment', () => {
    vi.stubEnv('ACS_SUPPRESS_JWT_WARNING', '1');
    createJwtAuth(OPTIONS);
    vi.unstubAllEnvs();
    fromEnvironment({
      ACS_CLIENT_ID: 'abc123',
      ACS_CLIENT_SECRET: CLIENT_SECRET,
      ACS_ORG_ID: ORG,
      ACS_TECHNICAL_ACCOUNT_ID: TECHNICAL_ACCOUNT,
      ACS_METASCOPES: 'ent_campaign_sdk',
      ACS_PRIVATE_KEY: keys.pkcs8,
      ACS_SUPPRESS_JWT_WARNING: '1',
    });
    expect(emitWarning).not.toHaveBeenCalled();
  });

  it('is not emitted when the configuration is refused', () => {
    expect(() => createJwtAuth({ ...OPTIONS, orgId: 'acme' })).toThrow();
    expect(emitWarning).not.toHaveBeenCalled();
  });
});
