import { readFile } from 'node:fs/promises';
import { createConfig, lint, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { OUTPUT_URL, renderTypes, SPEC_URL } from '../scripts/generate.mjs';

describe('the OpenAPI document', () => {
  it('lints clean with redocly recommended-strict', async () => {
    const config = await createConfig({ extends: ['recommended-strict'] });
    const problems = await lint({ ref: SPEC_URL.pathname, config });
    expect(problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
  });

  it('is linted for real: a broken copy reports problems', async () => {
    const config = await createConfig({ extends: ['recommended-strict'] });
    const source = (await readFile(SPEC_URL, 'utf8')).replace(/\n\s+operationId: getProfile\n/, '\n');
    const problems = await lintFromString({ source, absoluteRef: SPEC_URL.pathname, config });
    expect(problems.some((p) => p.ruleId === 'operation-operationId')).toBe(true);
  });

  it('requires the bearer token and the API key together, on the documented server', async () => {
    const source = await readFile(SPEC_URL, 'utf8');
    expect(source).toContain('security:\n  - bearerAuth: []\n    apiKey: []\n');
    expect(source).toContain('url: https://mc.adobe.io/{organization}/campaign');
  });

  it('matches the committed generated types (run `pnpm generate` after editing the spec)', async () => {
    const committed = await readFile(OUTPUT_URL, 'utf8');
    expect(await renderTypes()).toBe(committed);
  });
});
