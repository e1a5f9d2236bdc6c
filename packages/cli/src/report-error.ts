import { redact } from '@campaign-standard/core';
import { hintFor } from './hints.js';

/**
 * The one line printed for a failure: what went wrong and what to do, without a stack trace and
 * with secrets redacted.
 */
export function formatError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint = hintFor(error);
  const text = hint && !message.includes(hint) ? `${message.replace(/[.\s]+$/, '')}. ${hint}` : message;
  return redact(`acs: ${text}`.replace(/\s*\n\s*/g, ' '));
}
