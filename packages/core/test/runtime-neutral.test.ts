import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Every module the main entry loads, following relative static imports. */
async function moduleGraph(entry: string): Promise<Map<string, string[]>> {
  const graph = new Map<string, string[]>();
  const visit = async (file: string): Promise<void> => {
    if (graph.has(file)) return;
    const text = await readFile(join(src, file), 'utf8');
    const specifiers = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map(
      (m) => m[1] ?? '',
    );
    graph.set(file, specifiers);
    for (const specifier of specifiers)
      if (specifier.startsWith('./')) await visit(specifier.slice(2).replace(/\.js$/, '.ts'));
  };
  await visit(entry);
  return graph;
}

describe('the main entry', () => {
  it('imports no node: module, so it loads in Deno, Bun and edge workers', async () => {
    const graph = await moduleGraph('index.ts');
    expect(graph.has('token-cache.ts')).toBe(true);
    expect(graph.has('file-store.ts')).toBe(false);
    for (const [file, specifiers] of graph)
      for (const specifier of specifiers) expect(`${file}: ${specifier}`).not.toMatch(/: (node:|[a-z])/);
  });
});
