// Generates src/generated/campaign-standard.ts (the `paths` and `components` types) from the
// OpenAPI document. The drift test in test/openapi.test.ts calls renderTypes() and compares.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

/** The OpenAPI document, as a file URL. */
export const SPEC_URL = new URL('../openapi/campaign-standard.yaml', import.meta.url);

/** Where the generated types are committed. */
export const OUTPUT_URL = new URL('../src/generated/campaign-standard.ts', import.meta.url);

/** Renders the TypeScript source of the generated types. */
export async function renderTypes() {
  const ast = await openapiTS(SPEC_URL, { silent: true });
  return COMMENT_HEADER + astToString(ast);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(OUTPUT_URL, await renderTypes());
  console.log(`wrote ${fileURLToPath(OUTPUT_URL)}`);
}
