import { describe, expect, it } from 'vitest';
import { createCampaignClient } from '../src/index.js';
import { captureProcessWarnings, staticAuth } from './helpers.js';

const base = { auth: staticAuth('token'), tenant: 'acme' } as const;

const warnings = captureProcessWarnings();

describe('the deprecated hooks option', () => {
  it('warns once per process, as a DeprecationWarning with a code, pointing to middleware', () => {
    createCampaignClient({ ...base, hooks: { beforeRequest: [] } });
    createCampaignClient({ ...base, hooks: {} });
    createCampaignClient({ ...base, tenant: 'other', hooks: { afterResponse: [] } });
    expect(warnings()).toHaveBeenCalledTimes(1);
    const [message, options] = warnings().mock.calls[0]!;
    expect(options).toEqual({ type: 'DeprecationWarning', code: 'ACS_CLIENT_HOOKS_DEPRECATED' });
    expect(message).toContain('middleware');
    expect(message).toContain('next minor version');
  });

  it('does not warn without hooks, with middleware, or when the options are refused', () => {
    createCampaignClient(base);
    createCampaignClient({ ...base, middleware: [{ onRequest: () => undefined }] });
    expect(() => createCampaignClient({ ...base, tenant: '', hooks: {} })).toThrow();
    expect(warnings()).not.toHaveBeenCalled();
  });
});
