import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { createCampaignClient } from '../src/index.js';
import { staticAuth } from './helpers.js';

const FLAG = Symbol.for('@campaign-standard/client.hooks-deprecation-warned');
const base = { auth: staticAuth('token'), tenant: 'acme' } as const;

let emitWarning: MockInstance<typeof process.emitWarning>;
beforeEach(() => {
  delete (globalThis as unknown as Record<symbol, unknown>)[FLAG];
  emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
});
afterEach(() => {
  emitWarning.mockRestore();
});

describe('the deprecated hooks option', () => {
  it('warns once per process, as a DeprecationWarning with a code, pointing to middleware', () => {
    createCampaignClient({ ...base, hooks: { beforeRequest: [] } });
    createCampaignClient({ ...base, hooks: {} });
    createCampaignClient({ ...base, tenant: 'other', hooks: { afterResponse: [] } });
    expect(emitWarning).toHaveBeenCalledTimes(1);
    const [message, options] = emitWarning.mock.calls[0]!;
    expect(options).toEqual({ type: 'DeprecationWarning', code: 'ACS_CLIENT_HOOKS_DEPRECATED' });
    expect(message).toContain('middleware');
    expect(message).toContain('next minor version');
  });

  it('does not warn without hooks, with middleware, or when the options are refused', () => {
    createCampaignClient(base);
    createCampaignClient({ ...base, middleware: [{ onRequest: () => undefined }] });
    expect(() => createCampaignClient({ ...base, tenant: '', hooks: {} })).toThrow();
    expect(emitWarning).not.toHaveBeenCalled();
  });
});
