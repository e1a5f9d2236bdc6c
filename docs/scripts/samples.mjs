// The guides show the files of `docs/samples/` between markers; the tests compile and run those
// files. `node scripts/samples.mjs --write` copies each sample into the guides that show it,
// `--check` (the default) fails when a guide shows something else.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SAMPLES_DIR = join(DOCS_DIR, 'samples');
export const GUIDES_DIR = join(DOCS_DIR, 'guides');

const BLOCK = /<!-- sample: (\S+) -->\n```ts\n([\s\S]*?)```\n<!-- \/sample -->/g;

/** The sample files, by name. */
export function sampleFiles() {
  return readdirSync(SAMPLES_DIR)
    .filter((file) => file.endsWith('.ts'))
    .sort();
}

/** The guides written by hand (the CLI reference is generated). */
export function guideFiles() {
  return readdirSync(GUIDES_DIR)
    .filter((file) => file.endsWith('.md') && file !== 'cli-reference.md')
    .sort();
}

/** Every sample block of every guide: which guide, which sample, the code it shows. */
export function extractSampleBlocks() {
  return guideFiles().flatMap((guide) =>
    [...readFileSync(join(GUIDES_DIR, guide), 'utf8').matchAll(BLOCK)].map((match) => ({
      guide,
      sample: match[1],
      code: match[2],
    })),
  );
}

/** Copies the samples into the guides; returns the guides that changed. */
export function writeSamples() {
  const changed = [];
  for (const guide of guideFiles()) {
    const path = join(GUIDES_DIR, guide);
    const before = readFileSync(path, 'utf8');
    const after = before.replace(
      BLOCK,
      (_, sample) =>
        `<!-- sample: ${sample} -->\n\`\`\`ts\n${readFileSync(join(SAMPLES_DIR, sample), 'utf8')}\`\`\`\n<!-- /sample -->`,
    );
    if (after !== before) {
      writeFileSync(path, after);
      changed.push(guide);
    }
  }
  return changed;
}

/** The guides whose blocks differ from the sample files. */
export function staleGuides() {
  const stale = new Set();
  for (const block of extractSampleBlocks()) {
    if (block.code !== readFileSync(join(SAMPLES_DIR, block.sample), 'utf8')) stale.add(block.guide);
  }
  return [...stale];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--write')) {
    const changed = writeSamples();
    console.log(changed.length ? `updated: ${changed.join(', ')}` : 'guides already show the samples');
  } else {
    const stale = staleGuides();
    if (stale.length) {
      console.error(
        `guides out of date with docs/samples: ${stale.join(', ')}; run node scripts/samples.mjs --write`,
      );
      process.exit(1);
    }
  }
}
