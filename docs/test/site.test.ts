// The built site as a reader meets it, in headless Chromium: the home page and an API page (saved as
// screenshots in test-artifacts/ for a person to look at), the sidebar in the reading order of
// typedoc.json with the guides' titles as written, the search box, and a crawl of every internal link.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_DIR, expectSuccess, run } from './helpers.js';

const SITE = join(DOCS_DIR, 'site');
/** Screenshots for a person to look at (git-ignored). */
const ARTIFACTS = join(DOCS_DIR, 'test-artifacts');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The crawl stops there: far above the site's few hundred pages, so only a runaway would reach it. */
const MAX_PAGES = 2000;
/** TSDoc link syntax left in the text of a link: `| name` (an escaped separator), `@scope/name!`. */
const LINK_SYNTAX = /^\||^@[\w/-]+!/;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
};

interface TypedocConfig {
  entryPoints: string[];
  projectDocuments: string[];
  /** Read by typedoc/plugin.mjs: documents listed after the API reference of the packages. */
  documentsAfterPackages?: string[];
}
const CONFIG = JSON.parse(readFileSync(join(DOCS_DIR, 'typedoc.json'), 'utf8')) as TypedocConfig;

/** A document's front matter `title`: the name the site gives it. */
function frontMatterTitle(file: string): string {
  const front = /^---\n([\s\S]*?)\n---\n/.exec(readFileSync(file, 'utf8'))?.[1] ?? '';
  const title = /^title:[ \t]*(.*)$/m.exec(front)?.[1]?.trim() ?? '';
  return title.replace(/^(['"])(.*)\1$/, '$2');
}

/** The documents of typedoc.json, in its order, with their titles. */
function configuredDocuments(): { file: string; title: string; afterPackages: boolean }[] {
  const after = new Set((CONFIG.documentsAfterPackages ?? []).map((path) => resolve(DOCS_DIR, path)));
  return CONFIG.projectDocuments.map((path) => {
    const file = resolve(DOCS_DIR, path);
    return { file, title: frontMatterTitle(file), afterPackages: after.has(file) };
  });
}

/** The first level of the sidebar as typedoc.json orders it: documents, packages, the rest. */
function configuredSidebar(): string[] {
  const documents = configuredDocuments();
  const packages = CONFIG.entryPoints.map(
    (dir) =>
      (JSON.parse(readFileSync(join(resolve(DOCS_DIR, dir), 'package.json'), 'utf8')) as { name: string })
        .name,
  );
  return [
    ...documents.filter((d) => !d.afterPackages).map((d) => d.title),
    ...packages,
    ...documents.filter((d) => d.afterPackages).map((d) => d.title),
  ];
}

/** A guide searched for by a word of its body only (not of its title). */
const GUIDE_BY_BODY_WORD = { word: 'nightly', file: join(DOCS_DIR, 'guides/recipes.md') };

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

async function openPage(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (error) => failures.push(`${path}: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${origin}/${path}`);
  return page;
}

/** Waits until the script has built the sidebar (the site's navigation is rendered in the page). */
async function sidebarBuilt(page: Page): Promise<void> {
  await page.locator('#tsd-nav-container > li').first().waitFor({ state: 'attached' });
}

/** The text of each first-level entry of the sidebar, in order. */
async function sidebarEntries(page: Page): Promise<string[]> {
  await sidebarBuilt(page);
  return page
    .locator('#tsd-nav-container > li')
    .evaluateAll((items) =>
      items.map(
        (li) => li.querySelector(':scope > a, :scope > details > summary')?.textContent?.trim() ?? '',
      ),
    );
}

/**
 * The words of a link's text that the layout cuts across two lines, shown where they are cut
 * (`O|Auth`). A line may end after a hyphen or a space, nowhere else.
 */
function wordsCutAcrossLines(link: Element): string[] {
  const chars: { ch: string; top: number | undefined }[] = [];
  const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    for (let i = 0; i < text.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      chars.push({ ch: text[i]!, top: rect ? Math.round(rect.top) : undefined });
    }
  }
  const cut: string[] = [];
  let word = '';
  let wordIsCut = false;
  for (let i = 0; i < chars.length; i++) {
    const { ch, top } = chars[i]!;
    if (/\s/.test(ch)) {
      if (wordIsCut) cut.push(word);
      word = '';
      wordIsCut = false;
      continue;
    }
    const next = chars[i + 1];
    word += ch;
    if (next && !/\s/.test(next.ch) && ch !== '-' && top !== undefined && next.top !== top) {
      word += '|';
      wordIsCut = true;
    }
  }
  if (wordIsCut) cut.push(word);
  return cut;
}

interface Visit {
  status: number;
  h1: number;
  linkSyntax: string[];
  /** Entries of "On This Page" that lost the inline code of their heading ("Use ", "The  settings"). */
  menuGaps: string[];
  ids: Set<string>;
}

/**
 * Visits every page reachable from `seeds` by internal links, a few at a time and never more than
 * `max`. Scripts are off: the pages are read as the server sends them (the sidebar, which the
 * script builds, is the same on every page: its links are among the seeds).
 */
async function crawl(
  seeds: string[],
  max: number,
): Promise<{ visits: Map<string, Visit>; links: [string, string][] }> {
  const visits = new Map<string, Visit>();
  const links: [string, string][] = [];
  const queued = new Set(seeds.map((seed) => seed.split('#')[0]!));
  let queue = [...queued];
  const context = await browser.newContext({ javaScriptEnabled: false });
  const pages = await Promise.all([1, 2, 3].map(() => context.newPage()));
  try {
    while (queue.length > 0) {
      const wave = queue;
      queue = [];
      for (let start = 0; start < wave.length; start += pages.length) {
        await Promise.all(
          wave.slice(start, start + pages.length).map(async (url, i) => {
            const page = pages[i]!;
            if (!url.endsWith('.html')) {
              const response = await page.request.get(url);
              visits.set(url, {
                status: response.status(),
                h1: 1,
                linkSyntax: [],
                menuGaps: [],
                ids: new Set(),
              });
              return;
            }
            // The API pages of the generated OpenAPI types are megabytes of HTML.
            const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 });
            const seen = await page.evaluate(() => ({
              h1: document.querySelectorAll('h1').length,
              linkTexts: [...document.querySelectorAll('a')].map((a) => a.textContent?.trim() ?? ''),
              menuTexts: [...document.querySelectorAll('.page-menu a')].map((a) => a.textContent ?? ''),
              ids: [...document.querySelectorAll('[id]')].map((element) => element.id),
              hrefs: [...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
            }));
            visits.set(url, {
              status: response?.status() ?? 0,
              h1: seen.h1,
              linkSyntax: seen.linkTexts.filter((text) => LINK_SYNTAX.test(text)),
              menuGaps: seen.menuTexts.filter((text) => /\s\s|\s$|\s\(\)/.test(text)),
              ids: new Set(seen.ids),
            });
            for (const href of seen.hrefs) {
              const target = new URL(href);
              if (target.origin !== origin) continue;
              links.push([url, href]);
              const key = `${target.origin}${target.pathname}`;
              if (!queued.has(key) && queued.size < max) {
                queued.add(key);
                queue.push(key);
              }
            }
          }),
        );
      }
    }
  } finally {
    await context.close();
  }
  return { visits, links };
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
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveSite();
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
});

describe('typedoc.json', () => {
  it('lists every guide and page of docs/ by name, each with a front matter title', () => {
    const listed = CONFIG.projectDocuments.map((path) => resolve(DOCS_DIR, path));
    // A glob would order the documents by file name; the list is the reading order.
    expect(CONFIG.projectDocuments.filter((path) => /[*?[{]/.test(path))).toEqual([]);
    const written = [
      ...readdirSync(DOCS_DIR)
        .filter((file) => file.endsWith('.md') && file !== 'README.md')
        .map((file) => join(DOCS_DIR, file)),
      ...readdirSync(join(DOCS_DIR, 'guides'))
        .filter((file) => file.endsWith('.md'))
        .map((file) => join(DOCS_DIR, 'guides', file)),
    ];
    expect(written.filter((file) => !listed.includes(file)).map((file) => relative(DOCS_DIR, file))).toEqual(
      [],
    );
    for (const { file, title } of configuredDocuments()) expect(title, relative(DOCS_DIR, file)).not.toBe('');
  });
});

describe('the documentation site in a browser', () => {
  it('the home page and an API page have one title each (screenshots in test-artifacts/)', async () => {
    const home = await openPage('index.html');
    await sidebarBuilt(home);
    await home.screenshot({ path: join(ARTIFACTS, 'home.png'), fullPage: true });
    await expect(home.locator('h1').allTextContents()).resolves.toEqual(['Campaign Standard SDK']);
    await home.close();

    const api = await openPage('functions/_campaign-standard_client.createCampaignClient.html');
    await sidebarBuilt(api);
    await api.screenshot({ path: join(ARTIFACTS, 'api-createCampaignClient.png'), fullPage: true });
    await expect(api.locator('h1').allTextContents()).resolves.toEqual(['Function createCampaignClient']);
    await api.close();
  });

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

  it('the sidebar follows the reading order of typedoc.json, and so does the home page', async () => {
    const page = await openPage('index.html');
    await expect(sidebarEntries(page)).resolves.toEqual(configuredSidebar());

    // The home page's list of guides: every document, in the same order.
    const documents = configuredDocuments().map((d) => d.title);
    const urls = new Map(
      await page
        .locator('#tsd-nav-container > li > a')
        .evaluateAll((links) =>
          links.map((a) => [(a as HTMLAnchorElement).href, a.textContent?.trim() ?? '']),
        ),
    );
    const listed = await page
      .locator('.col-content .tsd-typography h2:has-text("Guides") ~ ul')
      .first()
      .locator(':scope > li > a:first-child')
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(listed.map((href) => urls.get(href) ?? href)).toEqual(documents);
    await page.close();
  });

  it.each([1280, 1024])(
    'the sidebar shows each guide title as written in its front matter, no word cut (%i px wide)',
    async (width) => {
      const page = await openPage('index.html', { width, height: 900 });
      await sidebarBuilt(page);
      const shown = new Map<string, string[]>();
      for (const link of await page.locator('#tsd-nav-container > li > a').all()) {
        shown.set((await link.textContent())?.trim() ?? '', await link.evaluate(wordsCutAcrossLines));
      }
      const problems: string[] = [];
      for (const { file, title } of configuredDocuments()) {
        const cut = shown.get(title);
        if (!cut) problems.push(`${relative(DOCS_DIR, file)}: no sidebar entry reads "${title}"`);
        else if (cut.length) problems.push(`"${title}" is cut inside ${cut.join(', ')}`);
      }
      expect(problems).toEqual([]);
      await page.close();
    },
  );

  it('the search box finds createCampaignClient, fromEnvironment and a guide by a word of its body', async () => {
    const page = await openPage('index.html');
    const search = async (query: string) => {
      await page.locator('#tsd-search-trigger').click();
      await page.locator('#tsd-search-input').fill(query);
      await page.locator('#tsd-search-results li a', { hasText: query }).first().waitFor();
      return page
        .locator('#tsd-search-results li a')
        .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    };
    const found = (hrefs: string[], path: string) => hrefs.some((href) => href === `${origin}/${path}`);

    const client = await search('createCampaignClient');
    expect(client[0]).toBe(`${origin}/functions/_campaign-standard_client.createCampaignClient.html`);

    await page.keyboard.press('Escape');
    const environment = await search('fromEnvironment');
    expect(found(environment, 'functions/_campaign-standard_auth-oauth.fromEnvironment.html')).toBe(true);
    expect(found(environment, 'functions/_campaign-standard_auth-jwt.fromEnvironment.html')).toBe(true);

    const { word, file } = GUIDE_BY_BODY_WORD;
    const title = frontMatterTitle(file);
    expect(title.toLowerCase()).not.toContain(word);
    expect(readFileSync(file, 'utf8').toLowerCase()).toContain(word);
    await page.keyboard.press('Escape');
    await page.locator('#tsd-search-trigger').click();
    await page.locator('#tsd-search-input').fill(word);
    const guide = page.locator('#tsd-search-results li a', { hasText: title }).first();
    await guide.waitFor({ timeout: 10_000 });
    await guide.click();
    await page.waitForURL(/documents\/.+\.html$/);
    await expect(page.locator('.tsd-navigation a.current').textContent()).resolves.toBe(title);

    await page.locator('#tsd-search-trigger').click();
    await page.locator('#tsd-search-input').fill('TenantUriError');
    const result = page.locator('#tsd-search-results li a', { hasText: 'TenantUriError' }).first();
    await result.waitFor();
    await result.click();
    await page.waitForURL(/classes\/_campaign-standard_core\.TenantUriError\.html$/);
    await expect(page.locator('h1').first().textContent()).resolves.toContain('TenantUriError');
    await page.close();
  }, 180_000);

  it('every page reached by following internal links loads, with one h1, no link text in TSDoc syntax ("| x") and whole headings under "On This Page"', async () => {
    // The home page as the browser renders it, sidebar included: the crawl starts from its links.
    const home = await openPage('index.html');
    await sidebarBuilt(home);
    const seeds = await home
      .locator('a[href]')
      .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    const sidebarLinkTexts = await home
      .locator('#tsd-nav-container a')
      .evaluateAll((links) => links.map((a) => a.textContent?.trim() ?? ''));
    await home.close();
    expect(sidebarLinkTexts.filter((text) => LINK_SYNTAX.test(text))).toEqual([]);

    const { visits, links } = await crawl(
      [`${origin}/index.html`, ...seeds.filter((href) => href.startsWith(`${origin}/`))],
      MAX_PAGES,
    );
    expect(visits.size).toBeLessThan(MAX_PAGES);
    const htmlFiles = (readdirSync(SITE, { recursive: true }) as string[]).filter((f) => f.endsWith('.html'));
    // Every page of the site is reached from the home page.
    expect(
      htmlFiles
        .map((file) => `${origin}/${file.split(sep).join('/')}`)
        .filter((url) => !visits.has(url))
        .sort(),
    ).toEqual([]);

    const problems: string[] = [];
    for (const [url, visit] of visits) {
      const path = url.slice(origin.length + 1);
      if (visit.status !== 200) problems.push(`${path}: HTTP ${visit.status}`);
      if (visit.h1 !== 1) problems.push(`${path}: ${visit.h1} h1 elements`);
      for (const text of visit.linkSyntax) problems.push(`${path}: a link reads "${text}"`);
      for (const text of visit.menuGaps) problems.push(`${path}: "On This Page" lists "${text}"`);
    }
    for (const [from, href] of links) {
      const target = new URL(href);
      const hash = decodeURIComponent(target.hash.slice(1));
      const visit = visits.get(`${target.origin}${target.pathname}`);
      if (hash && visit && target.pathname.endsWith('.html') && !visit.ids.has(hash)) {
        problems.push(`${from.slice(origin.length + 1)}: ${href.slice(origin.length + 1)} (no such anchor)`);
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  }, 600_000);

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
      'bulk',
    ]) {
      expect(files).toContain(join('modules', `_campaign-standard_${pkg}.html`));
    }
    for (const guide of [
      'Getting_started',
      'Choosing_an_auth_package',
      'Recipes',
      'Bulk_jobs',
      'Migrating_from_JWT_to_OAuth_Server-to-Server',
      'Troubleshooting',
      'Errors_and_their_codes',
      'Using_the_emulator_in_your_own_CI',
      'CLI_reference',
      'Fleets_of_workers_and_corporate_proxies',
      'Benchmarks',
      'Conformance',
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
