// Two copies of core in one process (mismatched versions installed side by side) share one
// registry of secrets: a secret registered through either copy is redacted by the other.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED, redact, type redactedExcerpt, registerSecret } from '../../src/redact.js';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface CoreCopy {
  redact: typeof redact;
  redactedExcerpt: typeof redactedExcerpt;
  registerSecret: typeof registerSecret;
}

let copyDir: string;
let copy: CoreCopy;

beforeAll(async () => {
  const dist = join(PACKAGE_DIR, 'dist');
  if (!existsSync(join(dist, 'index.js'))) throw new Error('build core first (npx tsc -b): dist/ is missing');
  copyDir = mkdtempSync(join(tmpdir(), 'acs-core-copy-'));
  cpSync(dist, join(copyDir, 'dist'), { recursive: true });
  cpSync(join(PACKAGE_DIR, 'package.json'), join(copyDir, 'package.json'));
  copy = (await import(pathToFileURL(join(copyDir, 'dist', 'index.js')).href)) as CoreCopy;
});

afterAll(() => {
  if (copyDir) rmSync(copyDir, { recursive: true, force: true });
});

describe('the registry of secrets', () => {
  it('is a second module instance, not this one', () => {
    expect(copy.registerSecret).not.toBe(registerSecret);
  });

  it('redacts in the copy what was registered here', () => {
    // no shape the patterns know: only the registry can find it
    const secret = 'registered-here-plain-words-7301';
    expect(copy.redact(`x ${secret} y`)).toBe(`x ${secret} y`);
    registerSecret(secret);
    expect(copy.redact(`x ${secret} y`)).toBe(`x ${REDACTED} y`);
    expect(copy.redactedExcerpt(`abc ${secret}`, 8)).toBe('abc ');
  });

  it('redacts here what was registered in the copy', () => {
    const secret = 'registered-in-the-copy-8412';
    expect(redact(secret)).toBe(secret);
    copy.registerSecret(secret);
    expect(redact(`x ${secret} y`)).toBe(`x ${REDACTED} y`);
  });

  it('lives under the documented global symbol, out of enumeration', () => {
    const key = Symbol.for('@campaign-standard/core/secrets');
    const registry = (globalThis as unknown as Record<symbol, unknown>)[key];
    expect(registry).toBeInstanceOf(Set);
    expect((registry as Set<string>).has('registered-in-the-copy-8412')).toBe(true);
    expect(Object.keys(globalThis)).not.toContain(key.toString());
  });
});
