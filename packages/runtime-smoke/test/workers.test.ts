import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { build, type Metafile } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMOKE_CHECKS } from '../src/smoke.js';
import { type Control, smokeConfig, startControl } from './control.js';

/**
 * The smoke suite in Cloudflare Workers: workerd (through miniflare), without `nodejs_compat`, so
 * neither `process` nor a `node:` module exists. The Worker is bundled the way wrangler bundles
 * one: esbuild, resolving the `workerd`, `worker` and `browser` export conditions.
 */

const WORKER = fileURLToPath(new URL('../dist/worker.js', import.meta.url));
const PROFILES = 35;

/** Bundles a Worker as wrangler would; the bundle and what went into it. */
export async function bundleWorker(entry: string): Promise<{ code: string; metafile: Metafile }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    target: 'es2022',
    metafile: true,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, metafile: result.metafile };
}

/** Every import the bundle left to the runtime (none may be a Node built-in). */
function externalImports(metafile: Metafile): string[] {
  return Object.values(metafile.inputs).flatMap((input) =>
    input.imports.filter((entry) => entry.external).map((entry) => entry.path),
  );
}

const CONFIGURATIONS = [
  { name: 'workerd', compatibilityFlags: [] as string[] },
  // With Node's APIs switched on, the JWT key goes through node:crypto, as in Node.
  { name: 'workerd with nodejs_compat', compatibilityFlags: ['nodejs_compat'] },
];

describe.each(CONFIGURATIONS)('$name', ({ compatibilityFlags }) => {
  let emulator: Emulator;
  let control: Control;
  let mf: Miniflare;
  let metafile: Metafile;
  let checks: Array<{ name: string; ok: boolean; detail: string }>;

  const get = async (path: string) => {
    const response = await mf.dispatchFetch(`http://worker${path}`);
    expect(response.status, path).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    emulator = await startEmulator({ profiles: PROFILES, seed: 18 });
    control = await startControl(emulator, smokeConfig(emulator, 'workerd', PROFILES));
    const bundle = await bundleWorker(WORKER);
    metafile = bundle.metafile;
    mf = new Miniflare({
      modules: [{ type: 'ESModule', path: 'worker.js', contents: bundle.code }],
      compatibilityDate: '2025-07-01',
      compatibilityFlags,
    });
    checks = (await get(`/smoke?control=${encodeURIComponent(control.url)}`)).checks as typeof checks;
  }, 60_000);
  afterAll(async () => {
    await mf?.dispose();
    await control?.close();
    await emulator?.stop();
  });

  it.each(SMOKE_CHECKS)('%s', (name) => {
    const check = checks.find((candidate) => candidate.name === name);
    expect(check, `${name} did not run`).toBeDefined();
    expect(check!.ok, `${name}: ${check!.detail}`).toBe(true);
  });

  it('bundles with no Node built-in and reads no Node global at import', async () => {
    expect(externalImports(metafile)).toEqual([]);
    expect(Object.keys(metafile.inputs).filter((path) => /(^|\/)node:/.test(path))).toEqual([]);
    const imports = await get('/imports');
    if (compatibilityFlags.length === 0) {
      // No Node global exists, so the trap saw every read: there was none.
      expect(imports.present).toEqual([]);
      expect(imports.reads).toEqual({});
    } else {
      // nodejs_compat brings process and Buffer; the bundle still needs neither.
      expect(imports.present).toEqual(expect.arrayContaining(['process', 'Buffer']));
    }
  });

  it('keeps its token across requests of one isolate', async () => {
    const before = emulator.stats.tokenRequests({ grant: 'client_credentials' });
    const query = `/token?control=${encodeURIComponent(control.url)}`;
    const hashes = new Set<unknown>();
    for (let request = 0; request < 4; request++) hashes.add((await get(query)).tokenSha256);
    expect(hashes.size).toBe(1);
    expect(emulator.stats.tokenRequests({ grant: 'client_credentials' }) - before).toBe(1);
  });
});
