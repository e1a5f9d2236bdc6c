// Import cycles inside a source folder, found with dpdm (type-only imports count: a cycle through
// a type is still a cycle between modules). Each package's test/no-cycles.test.ts runs it over its
// src; `node scripts/cycles.mjs [folder...]` (default: every packages/*/src) prints them, exit 1.
import { readdirSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseCircular, parseDependencyTree } from 'dpdm';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The import cycles among the .ts files under `folder`, each as the list of its files relative to
 * `folder`. Imports leaving the folder (packages, node builtins) are not followed. Throws when a
 * relative import does not resolve, so a resolver that finds nothing cannot pass for "no cycle".
 */
export async function findCycles(folder) {
  const root = resolve(folder instanceof URL ? fileURLToPath(folder) : folder);
  const tree = await parseDependencyTree('**/*.ts', {
    cwd: root,
    context: root,
    extensions: ['.ts', '.mts', '.js', '.mjs'],
    include: new RegExp(`^${escapeRegExp(root + sep)}`),
    exclude: /[\\/]node_modules[\\/]/,
    transform: false,
    skipDynamicImports: false,
  });
  const unresolved = Object.values(tree)
    .flatMap((dependencies) => dependencies ?? [])
    .filter((d) => d.id === null && d.request.startsWith('.'));
  if (unresolved.length > 0) {
    const list = unresolved.map((d) => `${d.issuer} -> ${d.request}`).join(', ');
    throw new Error(`unresolved relative imports under ${root}: ${list}`);
  }
  return parseCircular(tree);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const folders = process.argv.slice(2);
  if (folders.length === 0) {
    for (const entry of readdirSync('packages', { withFileTypes: true })) {
      if (entry.isDirectory()) folders.push(join('packages', entry.name, 'src'));
    }
  }
  let found = 0;
  for (const folder of folders) {
    for (const cycle of await findCycles(folder)) {
      found += 1;
      console.log(`${folder}: ${[...cycle, cycle[0]].join(' -> ')}`);
    }
  }
  console.log(found === 0 ? `no import cycle in ${folders.length} folders` : `${found} import cycles`);
  process.exitCode = found === 0 ? 0 : 1;
}
