// Releases: `changeset status` passes on the repository, and `changeset version`, run in a scratch
// copy, bumps the right packages, bumps their internal dependents and writes their changelogs.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectSuccess, REPO_DIR, run } from './helpers.js';

const CHANGESET = join(REPO_DIR, 'node_modules/@changesets/cli/bin.js');
type Bump = 'major' | 'minor' | 'patch';
const RANK: Record<Bump, number> = { patch: 1, minor: 2, major: 3 };

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
}

/** Workspace package folders, relative to the root (from pnpm-workspace.yaml's globs). */
function workspaceDirs(): string[] {
  const dirs = readdirSync(join(REPO_DIR, 'packages')).map((name) => `packages/${name}`);
  return [...dirs, 'docs', 'bench'].filter((dir) => existsSync(join(REPO_DIR, dir, 'package.json')));
}

function manifests(root: string): Map<string, Manifest & { dir: string }> {
  const found = new Map<string, Manifest & { dir: string }>();
  for (const dir of workspaceDirs()) {
    const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;
    found.set(manifest.name, { ...manifest, dir });
  }
  return found;
}

/** What a set of changeset files asks for: package name → highest bump. */
function requested(files: string[]): Map<string, Bump> {
  const bumps = new Map<string, Bump>();
  for (const text of files) {
    const front = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
    for (const [, name, bump] of front.matchAll(/^["']?([^"':]+)["']?:\s*(major|minor|patch)\s*$/gm)) {
      const current = bumps.get(name!);
      if (!current || RANK[bump as Bump] > RANK[current]) bumps.set(name!, bump as Bump);
    }
  }
  return bumps;
}

function bumped(version: string, bump: Bump): string {
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

const scratches: string[] = [];

/** A copy of what `changeset version` reads and writes: manifests, workspace file, .changeset. */
function scratchCopy(changesets: 'repository' | Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'acs-changesets-'));
  scratches.push(root);
  for (const file of [
    'package.json',
    'pnpm-workspace.yaml',
    ...workspaceDirs().map((d) => `${d}/package.json`),
  ]) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(REPO_DIR, file), join(root, file));
  }
  mkdirSync(join(root, '.changeset'));
  cpSync(join(REPO_DIR, '.changeset/config.json'), join(root, '.changeset/config.json'));
  if (changesets === 'repository') {
    for (const file of readdirSync(join(REPO_DIR, '.changeset')).filter(
      (f) => f.endsWith('.md') && f !== 'README.md',
    ))
      cpSync(join(REPO_DIR, '.changeset', file), join(root, '.changeset', file));
  } else {
    for (const [file, text] of Object.entries(changesets))
      writeFileSync(join(root, '.changeset', file), text);
  }
  // The changelog generator is resolved from the project's node_modules.
  symlinkSync(join(REPO_DIR, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

async function version(root: string): Promise<void> {
  expectSuccess(await run(process.execPath, [CHANGESET, 'version'], { cwd: root }), 'changeset version');
}

function changelog(root: string, dir: string): string {
  const file = join(root, dir, 'CHANGELOG.md');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

afterEach(() => {
  for (const dir of scratches.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('releases with changesets', () => {
  it('changeset status passes on the repository', async () => {
    const result = await run(process.execPath, [CHANGESET, 'status'], { cwd: REPO_DIR });
    expect(expectSuccess(result, 'changeset status')).toContain('Packages to be bumped');
  });

  it('a minor change of core bumps core, patches every internal dependent, and logs both', async () => {
    const root = scratchCopy({
      'core-change.md': '---\n"@campaign-standard/core": minor\n---\n\nA new export in core.\n',
    });
    const before = manifests(root);
    await version(root);
    const after = manifests(root);

    expect(after.get('@campaign-standard/core')!.version).toBe(
      bumped(before.get('@campaign-standard/core')!.version, 'minor'),
    );
    expect(changelog(root, 'packages/core')).toMatch(/### Minor Changes\n\n- [\s\S]*A new export in core\./);

    const dependents = [...before.values()].filter(
      (m) => !m.private && m.dependencies?.['@campaign-standard/core'] !== undefined,
    );
    expect(dependents.map((m) => m.name)).toEqual(
      expect.arrayContaining(['@campaign-standard/auth-oauth', '@campaign-standard/client']),
    );
    for (const dependent of dependents) {
      expect(after.get(dependent.name)!.version, dependent.name).toBe(bumped(dependent.version, 'patch'));
      expect(changelog(root, dependent.dir)).toContain(
        `@campaign-standard/core@${after.get('@campaign-standard/core')!.version}`,
      );
    }
    // Private workspace packages (docs, bench) are never versioned.
    for (const name of ['@campaign-standard/docs']) {
      if (before.has(name)) expect(after.get(name)!.version).toBe(before.get(name)!.version);
    }
    expect(readdirSync(join(root, '.changeset')).filter((f) => f.endsWith('.md'))).toEqual([]);
  });

  it('a patch of core leaves dependents alone: their published ^ range already accepts it', async () => {
    const root = scratchCopy({ 'core-fix.md': '---\n"@campaign-standard/core": patch\n---\n\nA fix.\n' });
    const before = manifests(root);
    await version(root);
    const after = manifests(root);
    expect(after.get('@campaign-standard/core')!.version).toBe(
      bumped(before.get('@campaign-standard/core')!.version, 'patch'),
    );
    expect(after.get('@campaign-standard/client')!.version).toBe(
      before.get('@campaign-standard/client')!.version,
    );
  });

  it("the repository's pending changesets version every package they name and its dependents", async () => {
    const files = readdirSync(join(REPO_DIR, '.changeset'))
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => readFileSync(join(REPO_DIR, '.changeset', f), 'utf8'));
    const wanted = requested(files);
    const root = scratchCopy('repository');
    const before = manifests(root);
    await version(root);
    const after = manifests(root);

    for (const [name, bump] of wanted) {
      const manifest = before.get(name);
      expect(manifest, `${name} is a workspace package`).toBeDefined();
      expect(after.get(name)!.version, name).toBe(bumped(manifest!.version, bump));
      expect(changelog(root, manifest!.dir), name).toContain(`## ${after.get(name)!.version}`);
    }
    // A package whose internal dependency leaves its range gets at least a patch release.
    for (const manifest of before.values()) {
      if (manifest.private) continue;
      const leaves = Object.keys(manifest.dependencies ?? {}).some((dep) => {
        const bump = wanted.get(dep);
        return bump !== undefined && bump !== 'patch';
      });
      if (leaves) expect(after.get(manifest.name)!.version, manifest.name).not.toBe(manifest.version);
    }
  });
});
