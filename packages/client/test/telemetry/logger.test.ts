import { describe, expect, it } from 'vitest';
import { createCampaignClient } from '../../src/index.js';
import { captureProcessWarnings, staticAuth } from '../helpers.js';
import { memoryLogger } from './otel.js';

const base = { auth: staticAuth('token-for-logger-tests'), tenant: 'acme' } as const;

const warnings = captureProcessWarnings();

describe('the logger option', () => {
  it('gets the hooks deprecation as a warn line with its code, for each client, and no process warning', () => {
    const logger = memoryLogger();
    createCampaignClient({ ...base, hooks: {}, logger });
    createCampaignClient({ ...base, hooks: {}, logger });
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toMatch(/^warn The `hooks` option .* \(ACS_CLIENT_HOOKS_DEPRECATED\)$/);
    expect(warnings()).not.toHaveBeenCalled();
    // a client without a logger still warns the process once, as before
    createCampaignClient({ ...base, hooks: {} });
    expect(warnings()).toHaveBeenCalledTimes(1);
  });

  it('accepts console, and refuses what is not a logger', () => {
    expect(() => createCampaignClient({ ...base, logger: console })).not.toThrow();
    expect(() => createCampaignClient({ ...base, logger: 'pino' as never })).toThrow(
      /logger must be an object/,
    );
    expect(() => createCampaignClient({ ...base, logger: { warn: 1 } as never })).toThrow(
      /logger has a non-function warn/,
    );
    expect(() => createCampaignClient({ ...base, telemetry: 'yes' as never })).toThrow(
      /telemetry must be true or false/,
    );
  });
});
