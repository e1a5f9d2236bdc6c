import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { createCampaignClient } from '../../src/index.js';
import { staticAuth } from '../helpers.js';
import { memoryLogger } from './otel.js';

const FLAG = Symbol.for('@campaign-standard/client.hooks-deprecation-warned');
const base = { auth: staticAuth('token-for-logger-tests'), tenant: 'acme' } as const;

let emitWarning: MockInstance<typeof process.emitWarning>;
beforeEach(() => {
  delete (globalThis as unknown as Record<symbol, unknown>)[FLAG];
  emitWarning = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
});
afterEach(() => {
  emitWarning.mockRestore();
});

describe('the logger option', () => {
  it('gets the hooks deprecation as a warn line with its code, for each client, and no process warning', () => {
    const logger = memoryLogger();
    createCampaignClient({ ...base, hooks: {}, logger });
    createCampaignClient({ ...base, hooks: {}, logger });
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines[0]).toMatch(/^warn The `hooks` option .* \(ACS_CLIENT_HOOKS_DEPRECATED\)$/);
    expect(emitWarning).not.toHaveBeenCalled();
    // a client without a logger still warns the process once, as before
    createCampaignClient({ ...base, hooks: {} });
    expect(emitWarning).toHaveBeenCalledTimes(1);
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
