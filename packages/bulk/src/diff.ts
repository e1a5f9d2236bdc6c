import { createRecord } from '@campaign-standard/core';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A link to another record (`{ PKey, href, title }`), as opposed to an element of the record. */
function isLink(value: Record<string, unknown>): boolean {
  return Object.hasOwn(value, 'PKey') || Object.hasOwn(value, 'href');
}

/**
 * Whether an input value and a stored one are the same for Campaign: equal, or equal once written
 * as text (`42` and `"42"`, `true` and `"true"`, as a CSV without types reads them), and `null`,
 * `undefined` and `""` all mean "empty".
 */
export function sameValue(input: unknown, stored: unknown): boolean {
  if (input === stored) return true;
  const empty = (v: unknown) => v === null || v === undefined || v === '';
  if (empty(input) || empty(stored)) return empty(input) && empty(stored);
  if (Array.isArray(input) || Array.isArray(stored)) return JSON.stringify(input) === JSON.stringify(stored);
  if (isObject(input) || isObject(stored)) return false;
  return String(input) === String(stored);
}

/**
 * The fields of `input` whose values differ from `stored`: what a PATCH must send so the record
 * holds the input, and nothing when it already does. Nested elements (a profile's `location`) are
 * sent whole (the stored element with the changed fields set), so a server that replaces an element
 * keeps its other fields; links (`orgUnit: { PKey }`) are sent as given.
 */
export function changedFields(
  input: Record<string, unknown>,
  stored: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const changes = createRecord();
  for (const key of Object.keys(input)) {
    if (key === 'PKey' || key === 'href') continue;
    const value = input[key];
    const before = stored && Object.hasOwn(stored, key) ? stored[key] : undefined;
    if (isObject(value)) {
      if (isObject(before) && isLink(before)) {
        const differs = Object.keys(value).some((k) => !sameValue(value[k], before[k]));
        if (differs) changes[key] = value;
        continue;
      }
      const inner = changedFields(value, isObject(before) ? before : undefined);
      if (Object.keys(inner).length > 0) {
        const whole = createRecord();
        if (isObject(before)) for (const k of Object.keys(before)) whole[k] = before[k];
        for (const k of Object.keys(inner)) whole[k] = inner[k];
        changes[key] = whole;
      }
      continue;
    }
    if (!sameValue(value, before)) changes[key] = value;
  }
  return changes;
}
