import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';
import { build, type Metafile } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMOKE_CHECKS } from '../src/smoke.js';
import { type Control, smokeConfig, startControl } from './control.js';
import { serveWithWorkerd } from './workerd.js';

/**
 * The smoke suite in Cloudflare Workers: workerd through miniflare 3 (the last miniflare for Node
 * 20, with the workerd of July 2025) and the current workerd binary on its own, each without
 * `nodejs_compat` (neither `process` nor a `node:` module exists) and with it. The Worker is bundled the way wrangler bundles
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

/** Where the Worker runs: a workerd started by miniflare 3, or the current workerd binary alone. */
interface Host {
  fetch(path: string): Promise<Response>;
  dispose(): Promise<void>;
}

const MINIFLARE_DATE = '2025-07-01';
const WORKERD_DATE = '2026-11-01';

async function startHost(
  host: 'miniflare' | 'workerd',
  code: string,
  compatibilityFlags: string[],
): Promise<Host> {
  if (host === 'miniflare') {
    const mf = new Miniflare({
      modules: [{ type: 'ESModule', path: 'worker.js', contents: code }],
      compatibilityDate: MINIFLARE_DATE,
      compatibilityFlags,
    });
    return {
      fetch: async (path) => (await mf.dispatchFetch(`http://worker${path}`)) as unknown as Response,
      dispose: () => mf.dispose(),
    };
  }
  const server = await serveWithWorkerd(code, { compatibilityDate: WORKERD_DATE, compatibilityFlags });
  return { fetch: (path) => fetch(`${server.origin}${path}`), dispose: () => server.stop() };
}

const CONFIGURATIONS = [
  { name: 'workerd (miniflare 3)', host: 'miniflare' as const, compatibilityFlags: [] as string[] },
  // With Node's APIs switched on, the JWT key is read with node:crypto, as in Node.
  {
    name: 'workerd (miniflare 3), nodejs_compat',
    host: 'miniflare' as const,
    compatibilityFlags: ['nodejs_compat'],
  },
  { name: 'workerd 2026-11-17', host: 'workerd' as const, compatibilityFlags: [] as string[] },
  {
    name: 'workerd 2026-11-17, nodejs_compat',
    host: 'workerd' as const,
    compatibilityFlags: ['nodejs_compat'],
  },
];

describe.each(CONFIGURATIONS)('$name', ({ host, compatibilityFlags }) => {
  let emulator: Emulator;
  let control: Control;
  let worker: Host;
  let metafile: Metafile;
  let checks: Array<{ name: string; ok: boolean; detail: string }>;
  let smokeBody: string;

  const get = async (path: string) => {
    const response = await worker.fetch(path);
    expect(response.status, path).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    emulator = await startEmulator({ profiles: PROFILES, seed: 18 });
    control = await startControl(emulator, smokeConfig(emulator, 'workerd', PROFILES));
    const bundle = await bundleWorker(WORKER);
    metafile = bundle.metafile;
    worker = await startHost(host, bundle.code, compatibilityFlags);
    const response = await worker.fetch(`/smoke?control=${encodeURIComponent(control.url)}`);
    smokeBody = await response.text();
    expect(response.status, smokeBody).toBe(200);
    checks = (JSON.parse(smokeBody) as { checks: typeof checks }).checks;
  }, 60_000);
  afterAll(async () => {
    await worker?.dispose();
    await control?.close();
    await emulator?.stop();
  });

  it.each(SMOKE_CHECKS)('%s', (name) => {
    const check = checks.find((candidate) => candidate.name === name);
    expect(check, `${name} did not run`).toBeDefined();
    expect(check!.ok, `${name}: ${check!.detail}`).toBe(true);
  });

  it('re-authenticated once after the 401, and answered no secret', () => {
    expect(emulator.stats.tokenRequests({ grant: 'client_credentials', outcome: 'success' })).toBe(2);
    expect(emulator.stats.tokenRequests({ grant: 'jwt', outcome: 'success' })).toBe(1);
    expect(emulator.stats.apiRequests({ status: 401 })).toBe(1);
    const { clientSecret, privateKey } = emulator.credentials;
    expect(smokeBody).not.toContain(clientSecret);
    expect(smokeBody).not.toContain(privateKey.split('\n')[1]);
    expect(smokeBody).not.toMatch(/eyJ[\w-]{20,}/);
  });

  it('bundles with no Node built-in and reads no Node global at import', async () => {
    expect(externalImports(metafile)).toEqual([]);
    expect(Object.keys(metafile.inputs).filter((path) => /(^|\/)node:/.test(path))).toEqual([]);
    const imports = await get('/imports');
    // Every Node global the runtime has is trapped too, so "no read" holds in every configuration.
    expect(imports.reads).toEqual({});
    if (host === 'miniflare' && compatibilityFlags.length === 0) expect(imports.present).toEqual([]);
    if (compatibilityFlags.length > 0)
      expect(imports.present).toEqual(expect.arrayContaining(['process', 'Buffer']));
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
