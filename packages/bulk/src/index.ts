/**
 * Bulk jobs for Adobe Campaign Standard: import and upsert, subscriptions, export. Resumable,
 * exactly once, at the rate Campaign allows.
 *
 * @packageDocumentation
 */
export * from './errors.js';
