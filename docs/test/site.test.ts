// The built site as a reader meets it: headless Chromium follows the navigation to a guide and to
// an API page and uses the search box; every internal link of every page leads somewhere.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_DIR, expectSuccess, run } from './helpers.js';

const SITE = join(DOCS_DIR, 'site');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
};

let server: Server;
let origin: string;
let browser: Browser;
const failures: string[] = [];

function serveSite(): Promise<Server> {
  const site = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(SITE, path));
    if (!file.startsWith(SITE)) file = join(SITE, '404');
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((done) => site.listen(0, '127.0.0.1', () => done(site)));
}

async function openPage(path: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('pageerror', (error) => failures.push(`${path}: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${origin}/${path}`);
  return page;
}

beforeAll(async () => {
  // Under turbo the `docs` task has built the site; a direct `vitest run` builds it here.
  if (!existsSync(join(SITE, 'index.html'))) {
    expectSuccess(
      await run(process.execPath, ['scripts/build-site.mjs'], { timeoutMs: 240_000 }),
      'docs build',
    );
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  server = await serveSite();
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
});

describe('the documentation site in a browser', () => {
  it('the navigation leads from the home page to a guide and to an API page', async () => {
    const page = await openPage('index.html');
    await expect(page.title()).resolves.toContain('Campaign Standard SDK');

    await page.locator('.tsd-navigation a', { hasText: 'Getting started' }).first().click();
    await page.waitForURL(/documents\/Getting_started\.html$/);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('Getting started');
    await expect(
      page.locator('pre code', { hasText: 'createCampaignClient' }).count(),
    ).resolves.toBeGreaterThan(0);

    await page.locator('.tsd-navigation a', { hasText: '@campaign-standard/client' }).first().click();
    await page.waitForURL(/modules\/_campaign-standard_client\.html$/);
    await page
      .locator('.col-content a', { hasText: /^createCampaignClient$/ })
      .first()
      .click();
    await page.waitForURL(/functions\/_campaign-standard_client\.createCampaignClient\.html$/);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('createCampaignClient');
    await expect(page.locator('.tsd-signature').first().textContent()).resolves.toContain(
      'CampaignClientOptions',
    );
    await page.close();
  });

  it('the search box finds an API symbol and a guide', async () => {
    const page = await openPage('index.html');
    await page.locator('#tsd-search-trigger').click();
    const input = page.locator('#tsd-search-input');
    await input.fill('TenantUriError');
    const result = page.locator('#tsd-search-results li a', { hasText: 'TenantUriError' }).first();
    await result.waitFor();
    await result.click();
    await page.waitForURL(/classes\/_campaign-standard_core\.TenantUriError\.html$/);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('TenantUriError');

    await page.locator('#tsd-search-trigger').click();
    await page.locator('#tsd-search-input').fill('Troubleshooting');
    const guide = page.locator('#tsd-search-results li a', { hasText: 'Troubleshooting' }).first();
    await guide.waitFor();
    await guide.click();
    await page.waitForURL(/documents\/Troubleshooting\.html$/);
    await page.close();
  });

  it('the pages opened loaded without a script error or a missing resource', () => {
    expect(failures).toEqual([]);
  });
});

describe('links of the built site', () => {
  const pages = () =>
    (readdirSync(SITE, { recursive: true }) as string[]).filter((file) => file.endsWith('.html')).sort();

  it('holds the API of every library package and every guide', () => {
    const files = pages();
    for (const pkg of [
      'core',
      'auth-oauth',
      'auth-jwt',
      'client',
      'emulator',
      'token-store-redis',
      'proxy',
    ]) {
      expect(files).toContain(join('modules', `_campaign-standard_${pkg}.html`));
    }
    for (const guide of [
      'Getting_started',
      'Choosing_an_auth_package',
      'Migrating_from_JWT_to_OAuth_Server-to-Server',
      'Troubleshooting',
      'Errors_and_their_codes',
      'Using_the_emulator_in_your_own_CI',
      'CLI_reference',
      'Fleets_of_workers_and_corporate_proxies',
    ]) {
      expect(files).toContain(join('documents', `${guide}.html`));
    }
  });

  it('no internal link is broken, anchors included', () => {
    const ids = new Map<string, Set<string>>();
    const idsOf = (file: string) => {
      let found = ids.get(file);
      if (!found) {
        const html = readFileSync(file, 'utf8');
        found = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
        ids.set(file, found);
      }
      return found;
    };
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages()) {
      const file = join(SITE, page);
      const html = readFileSync(file, 'utf8');
      for (const [, raw] of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        const href = raw!.replaceAll('&amp;', '&');
        if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) continue;
        const [path, hash] = href.split('#');
        const target = path ? resolve(file, '..', decodeURIComponent(path)) : file;
        checked += 1;
        if (!target.startsWith(SITE + sep) || !existsSync(target)) {
          broken.push(`${page}: ${href}`);
        } else if (hash && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(hash))) {
          broken.push(`${page}: ${href} (no #${hash} in ${relative(SITE, target)})`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });
});
