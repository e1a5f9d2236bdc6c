import { readFileSync } from 'node:fs';
import { createRecord, isForbiddenKey } from '@campaign-standard/core';
import { CliError } from './cli-error.js';

/** Collects repeated `--set key=value` options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function coerce(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(text) && text.length < 16) return Number(text);
  return text;
}

/**
 * The segments of a dotted field name, refused when one is empty or could reach a prototype
 * (`__proto__`, `constructor`, `prototype`): no Campaign field has such a name.
 */
function fieldPath(path: string, option: string): string[] {
  const parts = path.split('.');
  const bad = parts.find((part) => part === '' || isForbiddenKey(part));
  if (bad !== undefined)
    throw new CliError(
      'usage',
      bad === ''
        ? `${option} "${path}" has an empty field name`
        : `${option} "${path}" uses "${bad}", which cannot be a field name`,
      'Name Campaign fields as they appear in the resource, e.g. --set location.city=Paris.',
    );
  return parts;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = fieldPath(path, '--set');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const child = Object.hasOwn(node, part) ? node[part] : undefined;
    if (typeof child === 'object' && child !== null && !Array.isArray(child))
      node = child as Record<string, unknown>;
    else {
      const created = createRecord();
      node[part] = created;
      node = created;
    }
  }
  node[parts[parts.length - 1]!] = value;
}

/**
 * A request body from `--data` (JSON text, `@file` or `-` for stdin) and `--set key=value` pairs
 * (dotted keys make nested objects: `--set location.city=Paris`; `true`, `false` and numbers are
 * typed). `undefined` when neither is given.
 */
export function readBody(data: string | undefined, sets: readonly string[] = [], option = '--data'): unknown {
  let body: unknown;
  if (data !== undefined) {
    let text = data;
    if (data === '-') text = readFileSync(0, 'utf8');
    else if (data.startsWith('@')) {
      try {
        text = readFileSync(data.slice(1), 'utf8');
      } catch (error) {
        throw new CliError(
          'usage',
          `Cannot read ${data.slice(1)}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
    }
    try {
      body = JSON.parse(text);
    } catch {
      throw new CliError(
        'usage',
        `${option} is not valid JSON`,
        `Quote it for the shell, e.g. ${option} '{"email":"a@b.c"}', or use ${option} @file.json.`,
      );
    }
  }
  if (sets.length > 0) {
    if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body)))
      throw new CliError('usage', `--set needs ${option} to be a JSON object`);
    const target = (body ?? {}) as Record<string, unknown>;
    for (const pair of sets) {
      const at = pair.indexOf('=');
      if (at <= 0) throw new CliError('usage', `--set expects key=value, not "${pair}"`);
      setPath(target, pair.slice(0, at), coerce(pair.slice(at + 1)));
    }
    body = target;
  }
  return body;
}

/** Query parameters from repeated `--param key=value` options. */
export function readParams(pairs: readonly string[] = []): Record<string, string> {
  const out = createRecord<string>();
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new CliError('usage', `--param expects key=value, not "${pair}"`);
    const name = pair.slice(0, at);
    if (isForbiddenKey(name))
      throw new CliError('usage', `--param "${name}" cannot be a query parameter name`);
    out[name] = pair.slice(at + 1);
  }
  return out;
}

/** A positive integer option, or a usage error. */
export function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new CliError('usage', `${name} must be a positive integer, not "${value}"`);
  return n;
}
