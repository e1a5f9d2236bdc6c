// The packages as a user meets them: packed tarballs, linted, installed with plain npm into fresh
// projects, then used from ESM, CommonJS and TypeScript, and by the guides' samples.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractSampleBlocks, GUIDES_DIR, SAMPLES_DIR, sampleFiles } from '../scripts/samples.mjs';
import { DOCS_DIR, expectSuccess, packagesToPack, pnpm, REPO_DIR, run, TSC } from './helpers.js';

const PACKED = packagesToPack();
const SCOPE = '@campaign-standard';

let work: string;
const tarballs: Record<string, string> = {};
const projects = { full: '', oauth: '', jwt: '' };

/** The environment of child processes: no pnpm/npm settings leaking from the test runner. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|ACS_)/i.test(key) || key === 'NODE_OPTIONS' || key.startsWith('VITEST')) continue;
    env[key] = value;
  }
  return { ...env, NO_UPDATE_NOTIFIER: '1', ...extra };
}

/** The CSV parser of the sync recipe (guides/recipes.md): the version @campaign-standard/bulk uses. */
const CSV_PARSE = { 'csv-parse': '7.0.3' };
/** The OpenTelemetry SDK of the observability guide (an application's own choice, not ours). */
const OPENTELEMETRY = {
  '@opentelemetry/api': '1.9.1',
  '@opentelemetry/sdk-trace-node': '2.12.1',
  '@opentelemetry/sdk-metrics': '2.12.1',
};

/**
 * A fresh npm project depending on the given packages' tarballs (and nothing from the registry for
 * ours), and on `others` from the registry.
 */
function createProject(
  name: string,
  dependencies: readonly string[],
  others: Record<string, string> = {},
): string {
  const dir = join(work, name);
  mkdirSync(dir);
  const spec = (pkg: string) => `file:${tarballs[pkg]}`;
  const manifest = {
    name: `consumer-${name}`,
    private: true,
    type: 'module',
    dependencies: {
      ...Object.fromEntries(dependencies.map((pkg) => [`${SCOPE}/${pkg}`, spec(pkg)])),
      ...others,
    },
    // Internal dependencies (`^0.1.0` in the tarballs) resolve to the tarballs too, never the registry.
    overrides: Object.fromEntries(PACKED.map((pkg) => [`${SCOPE}/${pkg}`, spec(pkg)])),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

function tsconfig(moduleResolution: 'node16' | 'bundler', files: string[], extra: object = {}): object {
  return {
    compilerOptions: {
      target: 'ES2022',
      module: moduleResolution === 'node16' ? 'node16' : 'esnext',
      moduleResolution,
      strict: true,
      // Our declarations are checked where the programs use them; attw checks their resolution.
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
      typeRoots: [join(REPO_DIR, 'node_modules/@types')],
      ...extra,
    },
    files,
  };
}

interface EmulatorLike {
  imsUrl: string;
  baseUrl: string;
  credentials: {
    tenant: string;
    clientId: string;
    clientSecret: string;
    orgId: string;
    technicalAccountId: string;
    scopes: string[];
    metascopes: string[];
    privateKey: string;
  };
  stats: {
    apiRequests(): number;
    tokenRequests(): number;
    reset(): void;
  };
  stop(): Promise<void>;
}

let emulator: EmulatorLike;
let startEmulator: (options: { profiles: number }) => Promise<EmulatorLike>;

function oauthEnv(target: EmulatorLike = emulator): Record<string, string> {
  const c = target.credentials;
  return {
    ACS_TENANT: c.tenant,
    ACS_BASE_URL: target.baseUrl,
    ACS_IMS_URL: target.imsUrl,
    ACS_CLIENT_ID: c.clientId,
    ACS_CLIENT_SECRET: c.clientSecret,
    ACS_ORG_ID: c.orgId,
    ACS_SCOPES: c.scopes.join(','),
  };
}

function jwtEnv(): Record<string, string> {
  const c = emulator.credentials;
  const keyFile = join(work, 'private.key');
  writeFileSync(keyFile, c.privateKey, { mode: 0o600 });
  const { ACS_SCOPES: _scopes, ...common } = oauthEnv();
  return {
    ...common,
    ACS_TECHNICAL_ACCOUNT_ID: c.technicalAccountId,
    ACS_METASCOPES: c.metascopes.join(','),
    ACS_PRIVATE_KEY_FILE: keyFile,
  };
}

/** The emulator's schema as a TypeScript module, from the installed `@campaign-standard/client/typegen`. */
async function generatedSchema(): Promise<string> {
  const client = join(projects.full, 'node_modules', SCOPE, 'client', 'dist');
  const { createCampaignClient } = await import(pathToFileURL(join(client, 'index.js')).href);
  const { generateSchema } = await import(pathToFileURL(join(client, 'typegen', 'index.js')).href);
  const oauth = join(projects.full, 'node_modules', SCOPE, 'auth-oauth', 'dist', 'index.js');
  const { createOAuthServerToServerAuth } = await import(pathToFileURL(oauth).href);
  const c = emulator.credentials;
  const auth = createOAuthServerToServerAuth({
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    orgId: c.orgId,
    scopes: c.scopes,
    imsUrl: emulator.imsUrl,
  });
  const reader = createCampaignClient({ auth, tenant: c.tenant, baseUrl: emulator.baseUrl });
  return (await generateSchema(reader)).module;
}

/** Compiles samples (as the user would, with tsc) into `out/`, for node to run. */
async function compileSamples(dir: string, files: string[]): Promise<void> {
  const config = tsconfig('node16', files, { noEmit: false, outDir: 'out', rootDir: 'samples' });
  writeFileSync(join(dir, 'tsconfig.samples.json'), JSON.stringify(config, null, 2));
  expectSuccess(
    await run(process.execPath, [TSC, '-p', 'tsconfig.samples.json'], { cwd: dir }),
    'tsc samples',
  );
}

async function waitForPort(port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        done(true);
      });
      socket.on('error', () => done(false));
    });
    if (open) return;
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`nothing listens on port ${port}`);
}

function nodeIn(dir: string, args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, args, { cwd: dir, env: cleanEnv(env) });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'acs-docs-'));
  const packDir = join(work, 'tarballs');
  mkdirSync(packDir);
  const { command, prefix } = pnpm();
  await Promise.all(
    PACKED.map(async (pkg) => {
      const result = await run(command, [...prefix, 'pack', '--pack-destination', packDir], {
        cwd: join(REPO_DIR, 'packages', pkg),
      });
      expectSuccess(result, `pnpm pack (${pkg})`);
    }),
  );
  for (const file of readdirSync(packDir)) {
    const match = /^campaign-standard-(.+)-\d+\.\d+\.\d+(-[\w.]+)?\.tgz$/.exec(file);
    if (match?.[1]) tarballs[match[1]] = join(packDir, file);
  }
  projects.full = createProject('full', PACKED, { ...CSV_PARSE, ...OPENTELEMETRY });
  projects.oauth = createProject('oauth', ['client', 'auth-oauth']);
  projects.jwt = createProject('jwt', ['client', 'auth-jwt']);
  await Promise.all(
    Object.values(projects).map(async (dir) => {
      const result = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
        cwd: dir,
        env: cleanEnv(),
      });
      expectSuccess(result, `npm install in ${dir}`);
    }),
  );
  const emulatorEntry = join(projects.full, 'node_modules', SCOPE, 'emulator/dist/index.js');
  ({ startEmulator } = await import(pathToFileURL(emulatorEntry).href));
  emulator = await startEmulator({ profiles: 40 });
}, 240_000);

afterAll(async () => {
  await emulator?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe.concurrent('tarballs', () => {
  it.each(PACKED)('%s passes publint --strict', async (pkg) => {
    const result = await run(join(DOCS_DIR, 'node_modules/.bin/publint'), ['--strict', tarballs[pkg]!]);
    expectSuccess(result, `publint ${pkg}`);
    expect(result.stdout).toContain('All good');
  });

  // ESM-only packages: the node16-from-CJS resolution is checked for real by the CommonJS consumer.
  it.each(PACKED)(
    '%s passes arethetypeswrong (esm-only profile)',
    async (pkg) => {
      const result = await run(join(DOCS_DIR, 'node_modules/.bin/attw'), [
        tarballs[pkg]!,
        '--profile',
        'esm-only',
        '--no-emoji',
        '--no-color',
      ]);
      expectSuccess(result, `attw ${pkg}`);
    },
    180_000,
  );

  it.each(PACKED)('%s publishes only what users need', async (pkg) => {
    const listing = expectSuccess(await run('tar', ['-tzf', tarballs[pkg]!]), 'tar');
    const files = listing.trim().split('\n');
    expect(files).toContain('package/package.json');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    const allowed =
      /^package\/(package\.json|README\.md|CHANGELOG\.md|LICENSE(\.md)?|dist\/.+\.(js|d\.ts|js\.map|d\.ts\.map))$/;
    expect(files.filter((file) => !allowed.test(file))).toEqual([]);
    const forbidden = /\.test\.|\/test\/|\/src\/|\.env|\.(pem|key|p12|crt)$|tsbuildinfo|test-results/;
    expect(files.filter((file) => forbidden.test(file))).toEqual([]);
  });

  it('internal dependencies are published as semver ranges, not workspace: links', () => {
    for (const pkg of PACKED) {
      const manifest = JSON.parse(
        readFileSync(join(projects.full, 'node_modules', SCOPE, pkg, 'package.json'), 'utf8'),
      );
      expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain('workspace:');
      expect(JSON.stringify(manifest.peerDependencies ?? {})).not.toContain('workspace:');
    }
  });
});

describe('consumers of the installed packages', () => {
  it('an ESM program uses every package against the emulator', async () => {
    cpSync(join(DOCS_DIR, 'test/consumers/consumer.mjs'), join(projects.full, 'consumer.mjs'));
    const out = expectSuccess(await nodeIn(projects.full, ['consumer.mjs']), 'ESM consumer');
    expect(JSON.parse(out)).toEqual({
      counts: { 'oauth-server-to-server': 12, jwt: 12 },
      tenantUriError: true,
    });
  });

  it('a CommonJS program require()s the ESM packages on this Node', async () => {
    cpSync(join(DOCS_DIR, 'test/consumers/consumer.cjs'), join(projects.full, 'consumer.cjs'));
    const out = expectSuccess(
      await nodeIn(projects.full, ['--disable-warning=ExperimentalWarning', 'consumer.cjs']),
      'CommonJS consumer',
    );
    expect(JSON.parse(out)).toEqual({
      counts: { 'oauth-server-to-server': 7, jwt: 7 },
      errorClasses: true,
      fileStore: true,
    });
  });

  it.each(['node16', 'bundler'] as const)(
    'a TypeScript program type-checks with moduleResolution %s',
    async (resolution) => {
      cpSync(join(DOCS_DIR, 'test/consumers/consumer.ts'), join(projects.full, 'consumer.ts'));
      const file = `tsconfig.${resolution}.json`;
      writeFileSync(
        join(projects.full, file),
        JSON.stringify(tsconfig(resolution, ['consumer.ts']), null, 2),
      );
      expectSuccess(await run(process.execPath, [TSC, '-p', file], { cwd: projects.full }), `tsc ${file}`);
    },
    180_000,
  );

  it.runIf(PACKED.includes('cli'))('the installed acs bin runs against its sandbox', async () => {
    const result = await nodeIn(projects.full, [
      join(projects.full, 'node_modules/.bin/acs'),
      '--sandbox',
      'profiles',
      'list',
      '--output',
      'json',
    ]);
    const out = expectSuccess(result, 'acs --sandbox profiles list');
    expect(Array.isArray(JSON.parse(out))).toBe(true);
  });
});

describe('swapping auth-jwt for auth-oauth', () => {
  const source = readFileSync(join(SAMPLES_DIR, 'getting-started.ts'), 'utf8');
  const jwtSource = source.replaceAll(`'${SCOPE}/auth-oauth'`, `'${SCOPE}/auth-jwt'`);

  it('the two programs differ only by the import specifier', () => {
    const a = source.split('\n');
    const b = jwtSource.split('\n');
    const changed = a.filter((line, i) => line !== b[i]);
    expect(changed).toEqual([`import { fromEnvironment } from '${SCOPE}/auth-oauth';`]);
  });

  it('each project holds only its own strategy', () => {
    expect(existsSync(join(projects.oauth, 'node_modules', SCOPE, 'auth-jwt'))).toBe(false);
    expect(existsSync(join(projects.jwt, 'node_modules', SCOPE, 'auth-oauth'))).toBe(false);
  });

  it('the same program works with either dependency and its environment', async () => {
    await Promise.all(
      [
        [projects.oauth, source],
        [projects.jwt, jwtSource],
      ].map(async ([dir, text]) => {
        mkdirSync(join(dir!, 'samples'), { recursive: true });
        writeFileSync(join(dir!, 'samples/getting-started.ts'), text!);
        await compileSamples(dir!, ['samples/getting-started.ts']);
      }),
    );
    const viaOAuth = await nodeIn(projects.oauth, ['out/getting-started.js'], oauthEnv());
    const viaJwt = await nodeIn(projects.jwt, ['out/getting-started.js'], jwtEnv());
    const oauthLines = expectSuccess(viaOAuth, 'OAuth program').trim().split('\n');
    const jwtLines = expectSuccess(viaJwt, 'JWT program').trim().split('\n');
    expect(oauthLines[0]).toMatch(/^authentication: oauth-server-to-server, instance: http:/);
    expect(jwtLines[0]).toMatch(/^authentication: jwt, instance: http:/);
    expect(jwtLines.slice(1)).toEqual(oauthLines.slice(1));
    expect(oauthLines.at(-1)).toBe('profiles in total: 40');
    // The legacy package says, once, where the migration is explained.
    expect(viaJwt.stderr).toContain('docs/guides/migrate-jwt-to-oauth.md');
    expect(viaOAuth.stderr).toBe('');
  }, 180_000);

  it('reports the installed size of client + auth-oauth with their production dependencies', async () => {
    const du = expectSuccess(
      await run('du', ['-sk', '--apparent-size', 'node_modules'], { cwd: projects.oauth }),
      'du',
    );
    const kib = Number(du.split(/\s+/)[0]);
    const installed = readdirSync(join(projects.oauth, 'node_modules'), { recursive: true })
      .map(String)
      .filter((entry) => entry.endsWith('package.json') && entry.split('/').length <= 3);
    console.log(`installed size of client + auth-oauth: ${kib} KiB (${installed.length} package manifests)`);
    mkdirSync(join(DOCS_DIR, '.cache'), { recursive: true });
    writeFileSync(
      join(DOCS_DIR, '.cache', 'installed-size.json'),
      JSON.stringify({ kib, installed }, null, 2),
    );
    expect(kib).toBeGreaterThan(0);
    expect(kib).toBeLessThan(4096);
  });
});

describe("the guides' samples", () => {
  beforeAll(async () => {
    cpSync(SAMPLES_DIR, join(projects.full, 'samples'), { recursive: true });
    // guides/custom-resources.md: the schema module its sample imports, generated from the emulator
    // by the installed client's typegen, as `acs types generate` writes it.
    writeFileSync(join(projects.full, 'samples', 'campaign-schema.ts'), await generatedSchema());
    await compileSamples(
      projects.full,
      sampleFiles().map((file) => `samples/${file}`),
    );
  }, 180_000);

  it('every sample is shown in a guide exactly as it is tested', () => {
    const blocks = extractSampleBlocks();
    const shown = new Set(blocks.map((block) => block.sample));
    expect([...sampleFiles()].filter((file) => !shown.has(file))).toEqual([]);
    for (const block of blocks) {
      expect(block.code, `${block.guide} shows ${block.sample}`).toBe(
        readFileSync(join(SAMPLES_DIR, String(block.sample)), 'utf8'),
      );
    }
  });

  it('compile against the installed packages and run against the emulator', async () => {
    const dir = projects.full;

    const started = expectSuccess(
      await nodeIn(dir, ['out/getting-started.js'], oauthEnv()),
      'getting-started',
    );
    expect(started).toContain('profiles in total: 40');

    const verified = expectSuccess(await nodeIn(dir, ['out/verify-oauth.js'], oauthEnv()), 'verify-oauth');
    expect(verified).toMatch(/IMS issued a token to emulator-demo-client, valid until \d{4}-/);
    expect(verified).toContain('Campaign accepted it: 1 profile on the first page');

    const errors = await nodeIn(dir, ['out/handle-errors.js'], oauthEnv());
    const described = expectSuccess(errors, 'handle-errors');
    expect(described).toContain('ERR_TENANT_URI: Campaign answered 502');
    expect(described).toContain('hint: The tenant "no-such-tenant" is not known to the gateway');
    expect(described).toContain('ERR_IMS: IMS answered 400: invalid_client');
    expect(described).toContain('hint: IMS does not accept the client secret');
    expect(described).not.toContain('p8e-not-the-right-secret');
    expect(described).not.toContain(emulator.credentials.clientSecret);

    const ci = await nodeIn(dir, ['--test', 'out/emulator-ci.test.js']);
    expect(expectSuccess(ci, 'node --test emulator-ci')).toMatch(/# pass 3\b/);

    const v8 = await nodeIn(dir, ['--test', 'out/migrate-v8.test.js']);
    expect(expectSuccess(v8, 'node --test migrate-v8')).toMatch(/# pass 3\b/);
  }, 120_000);

  it('the observability sample prints spans and metrics of a traced list, and its logger lines, no secret', async () => {
    const out = expectSuccess(
      await nodeIn(projects.full, ['out/observability.js'], oauthEnv()),
      'observability',
    );
    expect(out).toMatch(/^[1-9]\d* profiles read$/m);
    expect(out).toContain("name: 'sync profiles'");
    expect(out).toContain("name: 'GET /profileAndServices/profile'");
    expect(out).toContain("'url.template': '/profileAndServices/profile'");
    expect(out).toContain("name: 'campaign.auth.token'");
    expect(out).toContain("'url.template': '/ims/token/v3'");
    expect(out).toContain('[acs] Access token fetched from IMS');
    expect(out).toContain("name: 'http.client.request.duration'");
    expect(out).toContain("name: 'campaign.auth.token.cache.lookups'");
    expect(out).not.toContain(emulator.credentials.clientSecret);
    expect(out).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}/);
  }, 180_000);

  it('the custom resources samples generate the schema and use it, typed', async () => {
    const dir = projects.full;
    const out = join(dir, 'generated-schema.ts');
    const generated = expectSuccess(
      await nodeIn(dir, ['out/generate-schema.js', out], oauthEnv()),
      'generate-schema',
    );
    expect(generated).toContain('profile, service and 3 custom resources: cusStore (customResources)');
    const withoutDay = (text: string) => text.replace(/ on \d{4}-\d{2}-\d{2}\./, '');
    expect(withoutDay(readFileSync(out, 'utf8'))).toBe(
      withoutDay(readFileSync(join(dir, 'samples', 'campaign-schema.ts'), 'utf8')),
    );
    expect(JSON.parse(readFileSync(join(dir, 'generated-schema.json'), 'utf8')).tenant).toBe('acme');

    const used = expectSuccess(
      await nodeIn(dir, ['out/custom-resources.js'], oauthEnv()),
      'custom-resources',
    );
    expect(used).toMatch(/: segment (prospect|customer|vip|churned), score \d+, VIP (true|false)\n/);
    expect(used).toMatch(/^[1-9]\d* profiles in the vip segment$/m);
    expect(used).toMatch(/created EV-2024-01, sold by store1\n/);
    expect(used).toMatch(/^[1-9]\d* electric vehicles, \d+ from 2020 on$/m);
  }, 180_000);

  it.runIf(PACKED.includes('bulk'))(
    'the bulk samples import, resume, subscribe and export against an emulator of their own',
    async () => {
      const bulk = await startEmulator({ profiles: 12 });
      const dir = join(projects.full, 'bulk');
      mkdirSync(dir, { recursive: true });
      const runSample = async (args: string[]) =>
        expectSuccess(await nodeIn(projects.full, args, oauthEnv(bulk)), args[0]!);
      try {
        const people = join(dir, 'people.csv');
        writeFileSync(
          people,
          'E-mail,First name,Last name,Birth date\nann@bulk.test,Ann,One,1990-02-03T10:00:00Z\nbob@bulk.test,Bob,Two,\n',
        );
        const first = await runSample(['out/bulk-import.js', people]);
        expect(first).toBe('completed: created 2, updated 0, unchanged 0, refused 0, skipped 0\n');
        // run again: the journal says every row is done, nothing is sent
        bulk.stats.reset();
        const again = await runSample(['out/bulk-import.js', people]);
        expect(again).toBe('completed: created 0, updated 0, unchanged 0, refused 0, skipped 2\n');
        expect(bulk.stats.apiRequests()).toBe(0);

        const emails = join(dir, 'emails.ndjson');
        writeFileSync(emails, '{"email":"ann@bulk.test"}\n{"email":"nobody@bulk.test"}\n');
        const subscribed = await runSample(['out/bulk-subscribe.js', 'SVC1', emails]);
        expect(subscribed).toBe('SVC1: 1 subscribed, 0 already subscribed, 1 refused\n');

        const out = join(dir, 'profiles.csv');
        const exported = await runSample(['out/bulk-export.js', out]);
        expect(exported).toBe(`completed: 14 profiles in ${out}\n`);
        const lines = readFileSync(out, 'utf8').trim().split('\n');
        expect(lines[0]).toBe('PKey,email,firstName,lastName,location.city');
        expect(lines).toHaveLength(15);
        expect(lines.filter((line) => line.includes(',ann@bulk.test,Ann,One,'))).toHaveLength(1);
      } finally {
        await bulk.stop();
      }
    },
    180_000,
  );

  it.runIf(PACKED.includes('proxy'))('the proxy sample works when no proxy is configured', async () => {
    const out = await nodeIn(projects.full, ['out/corporate-proxy.js'], {
      ...oauthEnv(),
      NO_PROXY: '127.0.0.1',
    });
    expect(expectSuccess(out, 'corporate-proxy')).toBe('profiles: 40\n');
  });

  it.runIf(PACKED.includes('aio-compat'))(
    'the aio-lib-campaign-standard migration: the compat layer and the client read the same',
    async () => {
      const compat = await nodeIn(projects.full, ['out/migrate-aio-switch.js'], oauthEnv());
      const client = await nodeIn(projects.full, ['out/migrate-aio-client.js'], oauthEnv());
      const before = expectSuccess(compat, 'migrate-aio-switch').trim().split('\n');
      const after = expectSuccess(client, 'migrate-aio-client').trim().split('\n');
      // With a strategy, no warning about a fixed token.
      expect(compat.stderr).toBe('');
      expect(before[0]).toMatch(/^status 200, last email: \S+@/);
      expect(before[0]!.split('last email: ')[1]).toBe(after[0]!.split('last email: ')[1]);
      expect(before[1]).toBe('profiles, page by page: 40');
      expect(after[1]).toBe('profiles, page by page: 40');
      expect(after[2]).toBe('service: Sport Newsletter');
      expect(before[2]).toBe('ERROR_GET_WORKFLOW (404)');
      expect(after[3]).toBe('ERR_API (404)');
    },
  );

  it.runIf(PACKED.includes('token-store-redis') && existsSync('/usr/bin/redis-server'))(
    'the fleet sample shares its token through Redis',
    async () => {
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      const redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      try {
        await waitForPort(port);
        const env = { ...oauthEnv(), REDIS_URL: `redis://127.0.0.1:${port}` };
        const out = await nodeIn(projects.full, ['out/fleet-redis-store.js'], env);
        // Redis was used: no warning that the store fell back to a token of its own.
        expect(out.stderr).toBe('');
        expect(expectSuccess(out, 'fleet-redis-store')).toBe('profiles: 40\n');
      } finally {
        redis.kill();
      }
    },
    180_000,
  );

  it.runIf(PACKED.includes('fleet') && existsSync('/usr/bin/redis-server'))(
    'the fleet samples: ordinary calls draw from the shared budget, two workers import a queued file',
    async () => {
      const port = 20_000 + Math.floor(Math.random() * 20_000);
      const redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      const workers: ReturnType<typeof spawn>[] = [];
      try {
        await waitForPort(port);
        const env = { ...oauthEnv(), REDIS_URL: `redis://127.0.0.1:${port}` };
        const calls = await nodeIn(projects.full, ['out/fleet-rate-budget.js'], env);
        // Redis was used: no warning that the budget counted locally.
        expect(calls.stderr).toBe('');
        expect(expectSuccess(calls, 'fleet-rate-budget')).toBe(
          'calls drawn from the budget: 5, counted locally: 0\n',
        );

        const dir = join(projects.full, 'fleet');
        mkdirSync(dir, { recursive: true });
        const people = join(dir, 'people.csv');
        writeFileSync(
          people,
          'E-mail,Last name\nann@fleet.test,One\nbob@fleet.test,Two\nann@fleet.test,Again\n',
        );
        for (let i = 0; i < 2; i++) {
          const worker = spawn(process.execPath, ['out/fleet-bulk-import.js', 'work'], {
            cwd: projects.full,
            env: cleanEnv(env),
            stdio: 'ignore',
          });
          workers.push(worker);
        }
        const queued = await nodeIn(projects.full, ['out/fleet-bulk-import.js', 'enqueue', people], env);
        const lines = expectSuccess(queued, 'fleet-bulk-import enqueue').trim().split('\n');
        expect(lines[0]).toMatch(/^queued [\w-]+: 3 rows in 1 chunks$/);
        expect(lines[1]).toBe('completed: created 2, updated 1, unchanged 0, refused 0');
        const stopped = workers.map((worker) => new Promise((done) => worker.once('exit', done)));
        for (const worker of workers) worker.kill('SIGTERM');
        expect(await Promise.all(stopped)).toEqual([0, 0]);
      } finally {
        for (const worker of workers) worker.kill('SIGKILL');
        redis.kill();
      }
    },
    90_000,
  );

  it('the migration sample turns a migration workspace into OAuth settings', async () => {
    const c = emulator.credentials;
    const workspace = {
      project: {
        id: '1',
        name: 'campaign-sync',
        title: 'Campaign sync',
        org: { id: '2', name: 'Acme', ims_org_id: c.orgId },
        workspace: {
          id: '3',
          name: 'Production',
          details: {
            credentials: [
              {
                id: '4',
                name: 'Service Account (JWT)',
                integration_type: 'oauth_server_to_server_migrate',
                jwt: {
                  client_id: c.clientId,
                  client_secret: c.clientSecret,
                  technical_account_id: c.technicalAccountId,
                  technical_account_email: 'sync@techacct.adobe.com',
                  meta_scopes: ['ent_campaign_sdk'],
                },
                oauth_server_to_server: {
                  client_id: c.clientId,
                  client_secrets: [c.clientSecret],
                  technical_account_id: c.technicalAccountId,
                  technical_account_email: 'sync@techacct.adobe.com',
                  scopes: c.scopes,
                },
              },
            ],
          },
        },
      },
    };
    writeFileSync(join(projects.full, 'workspace.json'), JSON.stringify(workspace));
    const out = expectSuccess(await nodeIn(projects.full, ['out/migrate-config.js']), 'migrate-config');
    expect(out).toContain(`ACS_CLIENT_ID=${c.clientId}`);
    expect(out).toContain(`ACS_SCOPES=${c.scopes.join(',')}`);
    expect(out).toContain('scopes from: oauth-credential');
    expect(out).not.toContain(c.clientSecret);
    expect(out).not.toContain('PRIVATE_KEY');
  });

  // Each recipe of guides/recipes.md runs against an emulator of its own (the recipes change its
  // data), and the Campaign calls it makes are counted: the page's table states the same numbers.
  describe('the recipes', () => {
    const page = readFileSync(join(GUIDES_DIR, 'recipes.md'), 'utf8');
    type Person = { PKey: string; email: string; firstName: string; lastName: string };
    type Listing<T> = AsyncIterable<T> & { count(): Promise<number> };
    interface Client {
      profiles: { list(options?: object): Listing<Person> };
      services: { list(options?: object): Listing<{ PKey: string; name: string }> };
      subscriptions: {
        listByService(
          service: string,
          options?: object,
        ): Listing<{ subscriber?: { PKey?: string; email?: string } }>;
      };
    }
    let recipes: EmulatorLike;
    let client: Client;
    let work: string;
    const seeded: Person[] = [];

    /**
     * The calls the page says the test measures: the bold numbers of the last cell of the table row
     * that links to the section showing the sample.
     */
    function statedCalls(sample: string): number[] {
      const before = page.slice(0, page.indexOf(`<!-- sample: ${sample} -->`));
      const section = [...before.matchAll(/^## (.+)$/gm)].at(-1)?.[1];
      const row = page.split('\n').find((line) => line.startsWith(`| [${section}](#`));
      const measured = row?.split('|').at(-2) ?? '';
      return [...measured.matchAll(/\*\*(\d+)\*\*/g)].map((match) => Number(match[1]));
    }

    /** Runs a compiled recipe; its output and the Campaign calls it made (its one token apart). */
    async function runRecipe(sample: string, args: string[]): Promise<{ out: string; calls: number }> {
      recipes.stats.reset();
      const result = await nodeIn(projects.full, [`out/${sample.replace(/\.ts$/, '.js')}`, ...args], {
        ...oauthEnv(recipes),
        POLL_SECONDS: '0.01',
      });
      const out = expectSuccess(result, sample);
      expect(recipes.stats.tokenRequests(), `${sample}: token requests`).toBe(1);
      return { out, calls: recipes.stats.apiRequests() };
    }

    const fileOf = (name: string) => join(work, name);
    const moduleOf = (pkg: string) =>
      pathToFileURL(join(projects.full, 'node_modules', SCOPE, pkg, 'dist/index.js')).href;

    beforeAll(async () => {
      recipes = await startEmulator({ profiles: 250 });
      work = join(projects.full, 'recipes');
      mkdirSync(work, { recursive: true });
      const { createCampaignClient } = await import(moduleOf('client'));
      const { createOAuthServerToServerAuth } = await import(moduleOf('auth-oauth'));
      const c = recipes.credentials;
      client = createCampaignClient({
        auth: createOAuthServerToServerAuth({
          clientId: c.clientId,
          clientSecret: c.clientSecret,
          orgId: c.orgId,
          scopes: c.scopes,
          imsUrl: recipes.imsUrl,
        }),
        tenant: c.tenant,
        baseUrl: recipes.baseUrl,
      }) as Client;
      for await (const profile of client.profiles.list({ pageSize: 10 })) {
        seeded.push(profile);
        if (seeded.length === 10) break;
      }
    }, 180_000);

    afterAll(async () => {
      await recipes?.stop();
    });

    it('sync profiles from a CSV file: creates and changes only what differs', async () => {
      const [same, renamedLast, renamedFirst] = seeded as [Person, Person, Person];
      writeFileSync(
        fileOf('profiles.csv'),
        [
          'email,firstName,lastName',
          `${same.email},${same.firstName},${same.lastName}`,
          `${renamedLast.email},${renamedLast.firstName},Changed`,
          `"${renamedFirst.email}",Renamed,"${renamedFirst.lastName}"`,
          `new.one@example.com,New,"O'Neil, Jr."`,
          'new.two@example.com,Newer,Two',
          '',
        ].join('\n'),
      );
      const first = await runRecipe('recipe-sync-profiles-csv.ts', [fileOf('profiles.csv')]);
      expect(first.out).toBe('created 2, updated 2, unchanged 1, ambiguous 0\n');
      const again = await runRecipe('recipe-sync-profiles-csv.ts', [fileOf('profiles.csv')]);
      expect(again.out).toBe('created 0, updated 0, unchanged 5, ambiguous 0\n');
      expect([first.calls, again.calls]).toEqual(statedCalls('recipe-sync-profiles-csv.ts'));

      const created: Person[] = [];
      for await (const p of client.profiles.list({ filters: { byEmail: { email: 'new.one@example.com' } } }))
        created.push(p);
      expect(created.map((p) => p.lastName)).toEqual(["O'Neil, Jr."]);
    });

    it('subscribe a list of profiles to a service: each once', async () => {
      let service = '';
      for await (const s of client.services.list()) if (s.name === 'SVC2') service = s.PKey;
      const subscribers = new Map<string, string>();
      for await (const { subscriber } of client.subscriptions.listByService(service)) {
        subscribers.set(subscriber!.PKey!, subscriber!.email!);
      }
      const fresh = seeded.filter((p) => !subscribers.has(p.PKey)).slice(3, 6);
      expect(fresh).toHaveLength(3);
      const [subscribed] = subscribers.values();
      writeFileSync(
        fileOf('emails.txt'),
        [...fresh.map((p) => p.email), subscribed, 'nobody@example.com', ''].join('\n'),
      );
      const before = await client.subscriptions.listByService(service).count();
      const { out, calls } = await runRecipe('recipe-subscribe-to-service.ts', [
        'SVC2',
        fileOf('emails.txt'),
      ]);
      expect(out).toBe('SVC2: 3 subscribed, 1 already subscribed\nno profile for: nobody@example.com\n');
      expect(await client.subscriptions.listByService(service).count()).toBe(before + 3);
      expect([calls]).toEqual(statedCalls('recipe-subscribe-to-service.ts'));
    });

    it('send a transactional event and wait for its final status', async () => {
      const { out, calls } = await runRecipe('recipe-transactional-event.ts', [
        'EVTorderConfirmation',
        seeded[0]!.email,
      ]);
      expect(out).toMatch(/^EVTorderConfirmation @\S+: processed\n$/);
      expect([calls]).toEqual(statedCalls('recipe-transactional-event.ts'));
    });

    it('trigger a workflow signal with parameters', async () => {
      const { out, calls } = await runRecipe('recipe-workflow-signal.ts', ['WKF1', 'signal1']);
      expect(out).toBe('WKF1: signal1 triggered\n');
      expect([calls]).toEqual(statedCalls('recipe-workflow-signal.ts'));
    });

    it('run a GDPR access request and download its data file', async () => {
      const email = seeded[0]!.email;
      const { out, calls } = await runRecipe('recipe-gdpr-access.ts', [
        'defaultNamespace1',
        email,
        fileOf('access.txt'),
      ]);
      expect(out).toMatch(/^access-\d+: complete, data written to /);
      expect(readFileSync(fileOf('access.txt'), 'utf8')).toContain(`email="${email}"`);
      expect([calls]).toEqual(statedCalls('recipe-gdpr-access.ts'));
    });

    it('page through a custom resource with a custom filter', async () => {
      const byTwo = await runRecipe('recipe-custom-resource-filter.ts', ['gold', '2']);
      expect(byTwo.out).toMatch(/^(page: 2 records\n){3}6 gold records, \d+ points in all\n$/);
      const byHundred = await runRecipe('recipe-custom-resource-filter.ts', ['gold']);
      expect(byHundred.out).toMatch(/^page: 6 records\n6 gold records, \d+ points in all\n$/);
      expect([byTwo.calls, byHundred.calls]).toEqual(statedCalls('recipe-custom-resource-filter.ts'));
    });

    it('export every profile to NDJSON', async () => {
      const total = await client.profiles.list().count();
      expect(total).toBe(252); // the 250 seeded, and the 2 the CSV sync created
      const { out, calls } = await runRecipe('recipe-export-ndjson.ts', [fileOf('profiles.ndjson')]);
      expect(out).toBe(`252 profiles written to ${fileOf('profiles.ndjson')}\n`);
      const lines = readFileSync(fileOf('profiles.ndjson'), 'utf8').trimEnd().split('\n');
      expect(new Set(lines.map((line) => (JSON.parse(line) as Person).PKey)).size).toBe(252);
      expect([calls]).toEqual(statedCalls('recipe-export-ndjson.ts'));
    });
  });
});
