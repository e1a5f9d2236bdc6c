import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, emulatorEnvironment, startEmulator } from '@campaign-standard/emulator';
import { build } from 'esbuild';
import { Miniflare, type MiniflareOptions } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The guide's Workers sample (docs/samples/workers-kv-token-store.ts, shown in
 * docs/guides/runtimes.md) in workerd: its KV token store gives every isolate the same token.
 */

const SAMPLE = fileURLToPath(new URL('../../../docs/samples/workers-kv-token-store.ts', import.meta.url));
const PROFILES = 12;

/** What the test reads of the KV namespace (miniflare's own type needs @cloudflare/workers-types). */
interface KvView {
  list(): Promise<{ keys: Array<{ name: string; expiration?: number }> }>;
  get(key: string): Promise<string | null>;
}

describe('the Workers KV token store of the guide', () => {
  let emulator: Emulator;
  let mf: Miniflare;
  let options: MiniflareOptions;
  let kvDir: string;

  const profiles = async () => {
    const response = await mf.dispatchFetch('http://worker/');
    expect(response.status).toBe(200);
    return ((await response.json()) as { profiles: number }).profiles;
  };
  const tokenRequests = () => emulator.stats.tokenRequests({ outcome: 'success' });

  beforeAll(async () => {
    emulator = await startEmulator({ profiles: PROFILES, seed: 18 });
    kvDir = mkdtempSync(join(tmpdir(), 'acs-kv-'));
    // Bundled as wrangler would; the sample's imports resolve from this package.
    const bundle = await build({
      stdin: {
        contents: readFileSync(SAMPLE, 'utf8'),
        loader: 'ts',
        resolveDir: fileURLToPath(new URL('..', import.meta.url)),
      },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['workerd', 'worker', 'browser'],
      logLevel: 'silent',
    });
    options = {
      modules: [{ type: 'ESModule', path: 'worker.js', contents: bundle.outputFiles[0]!.text }],
      compatibilityDate: '2025-07-01',
      kvNamespaces: ['CAMPAIGN_TOKENS'],
      kvPersist: kvDir,
      bindings: emulatorEnvironment(emulator),
    };
    mf = new Miniflare(options);
  }, 60_000);
  afterAll(async () => {
    await mf?.dispose();
    await emulator?.stop();
    if (kvDir) rmSync(kvDir, { recursive: true, force: true });
  });

  it('fetches one token for many requests of an isolate', async () => {
    for (let request = 0; request < 3; request++) expect(await profiles()).toBe(PROFILES);
    expect(tokenRequests()).toBe(1);
  });

  it('keeps it in KV under a key that names no secret, and a new isolate reads it there', async () => {
    const kv = (await mf.getKVNamespace('CAMPAIGN_TOKENS')) as unknown as KvView;
    const { keys } = await kv.list();
    expect(keys.map((key) => key.name)).toEqual([
      expect.stringMatching(
        new RegExp(`^acs:oauth-server-to-server:${emulator.credentials.clientId}:[0-9a-f]{64}$`),
      ),
    ]);
    expect(keys[0]!.expiration).toBeGreaterThan(Date.now() / 1000 + 3600);
    expect(await kv.get(keys[0]!.name)).not.toContain(emulator.credentials.clientSecret);

    await mf.setOptions(options); // a new workerd: a cold isolate, the same KV
    expect(await profiles()).toBe(PROFILES);
    expect(tokenRequests()).toBe(1);
  });

  it('replaces the token in KV when Campaign refuses it (401): one new token', async () => {
    const kv = (await mf.getKVNamespace('CAMPAIGN_TOKENS')) as unknown as KvView;
    const { keys } = await kv.list();
    const before = await kv.get(keys[0]!.name);
    emulator.revokeTokens();
    expect(await profiles()).toBe(PROFILES);
    expect(tokenRequests()).toBe(2);
    expect(await kv.get(keys[0]!.name)).not.toBe(before);

    await mf.setOptions(options);
    expect(await profiles()).toBe(PROFILES);
    expect(tokenRequests()).toBe(2);
  });
});
