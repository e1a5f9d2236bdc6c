import { redact } from '@campaign-standard/core';

/** Tracks whether Redis answers, and says so once when that changes. */
export interface RedisHealth {
  /** A command failed or timed out. Warns once per outage. */
  failed(error: unknown): void;
  /** A command succeeded. After an outage, says that sharing resumed. */
  succeeded(): void;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !error.message.includes(code)
    ? `${error.message} (${code})`
    : error.message;
}

/** A {@link RedisHealth} that reports through `warn`; every message is redacted. */
export function createRedisHealth(warn: (message: string) => void): RedisHealth {
  let down = false;
  const say = (message: string): void => {
    try {
      warn(redact(message));
    } catch {
      // a failing logger must not fail token calls
    }
  };
  return {
    failed(error) {
      if (down) return;
      down = true;
      say(
        `Redis token store unavailable (${describe(error)}): each process fetches its own token until Redis answers again`,
      );
    },
    succeeded() {
      if (!down) return;
      down = false;
      say('Redis token store answers again: tokens are shared between processes again');
    },
  };
}
