import { expect, it } from 'vitest';
import { findCycles } from '../../../scripts/cycles.mjs';

it('has no import cycle between the modules of src (type-only imports included)', async () => {
  expect(await findCycles(new URL('../src', import.meta.url))).toEqual([]);
});

it('the check finds a cycle made of type-only imports with .js specifiers across folders', async () => {
  expect(await findCycles(new URL('fixtures/cycle', import.meta.url))).toEqual([['a.ts', 'nested/b.ts']]);
});
