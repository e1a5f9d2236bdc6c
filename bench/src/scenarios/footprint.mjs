import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));
const MB = 1_000_000;
/** Files npm always packs, whatever `files` says. */
const ALWAYS = /^(package\.json|readme(\..*)?|license(\..*)?|licence(\..*)?|changelog(\..*)?)$/i;

/** The directory of `name` as Node would resolve it from `fromDir` (walking up node_modules). */
function findPackage(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

function walk(dir, onFile) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, onFile);
    else if (entry.isFile()) onFile(path);
  }
}

/** A `files` glob (`dist`, `!dist/**\/*.test.*`) as a test on a path relative to the package. */
function globTest(glob) {
  const source = glob
    .replace(/\/$/, '')
    .split('/')
    .map((part) =>
      part === '**'
        ? '(?:.*/)?'
        : `${part
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]')}/`,
    )
    .join('');
  const re = new RegExp(`^${source.replace(/\/$/, '')}(?:/.*)?$`);
  return (path) => re.test(path);
}

/**
 * Bytes npm would install for one package: for a workspace package, what `npm pack` takes
 * (`files`, minus negated globs, plus package.json, README, LICENSE, CHANGELOG); for an installed
 * registry package, every file of its directory.
 */
function packageBytes(dir, manifest, fromWorkspace) {
  let bytes = 0;
  const include = (manifest.files ?? []).filter((f) => !f.startsWith('!')).map(globTest);
  const exclude = (manifest.files ?? []).filter((f) => f.startsWith('!')).map((f) => globTest(f.slice(1)));
  walk(dir, (path) => {
    const rel = relative(dir, path).split(sep).join('/');
    if (fromWorkspace && include.length > 0) {
      const packed = ALWAYS.test(rel) || (include.some((t) => t(rel)) && !exclude.some((t) => t(rel)));
      if (!packed || rel.endsWith('.tsbuildinfo')) return;
    }
    bytes += statSync(path).size;
  });
  return bytes;
}

/**
 * The production dependency tree of some packages (dependencies and installed optional
 * dependencies, transitively, each package counted once) and its installed size.
 *
 * @param {string[]} roots package names, resolved from the bench package
 */
export function dependencyTree(roots) {
  const seen = new Map();
  const queue = roots.map((name) => ({ name, from: BENCH_DIR }));
  while (queue.length > 0) {
    const { name, from } = queue.shift();
    const dir = findPackage(name, from);
    if (!dir || seen.has(dir)) continue;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const fromWorkspace = !dir.split(sep).includes('node_modules');
    seen.set(dir, { name, version: manifest.version, bytes: packageBytes(dir, manifest, fromWorkspace) });
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      queue.push({ name: dep, from: dir });
    }
  }
  const packages = [...seen.values()].sort((a, b) => b.bytes - a.bytes);
  const bytes = packages.reduce((sum, p) => sum + p.bytes, 0);
  return { packages: packages.length, bytes, largest: packages.slice(0, 5) };
}

/**
 * Scenario 5: installed size of the production dependency trees, ours vs the peers'.
 */
export async function footprint() {
  const stacks = [
    {
      id: 'ours',
      label: 'ours: client + auth-oauth',
      roots: ['@campaign-standard/client', '@campaign-standard/auth-oauth'],
    },
    {
      id: 'ours-jwt',
      label: 'ours: client + auth-jwt',
      roots: ['@campaign-standard/client', '@campaign-standard/auth-jwt'],
    },
    { id: 'aio-ims', label: 'aio-lib-ims (with its OAuth and JWT plugins)', roots: ['@adobe/aio-lib-ims'] },
    { id: 'aio-campaign', label: 'aio-lib-campaign-standard', roots: ['@adobe/aio-lib-campaign-standard'] },
    {
      id: 'aio',
      label: 'aio-lib-ims + aio-lib-campaign-standard',
      roots: ['@adobe/aio-lib-ims', '@adobe/aio-lib-campaign-standard'],
    },
  ];
  const rows = stacks.map((s) => {
    const tree = dependencyTree(s.roots);
    return {
      variant: s.id,
      label: s.label,
      packages: tree.packages,
      sizeMB: tree.bytes / MB,
      bytes: tree.bytes,
      largest: tree.largest,
    };
  });
  const ours = rows.find((r) => r.variant === 'ours');
  return {
    rows,
    goal: { text: 'production dependency tree of client + auth-oauth under 2 MB', met: ours.sizeMB < 2 },
  };
}
