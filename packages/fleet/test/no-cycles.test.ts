import { expect, it } from 'vitest';
import { findCycles } from '../../../scripts/cycles.mjs';

it('has no import cycle between the modules of src (type-only imports included)', async () => {
  expect(await findCycles(new URL('../src', import.meta.url))).toEqual([]);
});
