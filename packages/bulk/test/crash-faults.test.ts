import { describe, it } from 'vitest';
import { crashScenario } from './crash-scenario.js';

describe('an import killed with SIGKILL and resumed, under faults', () => {
  it(
    'NDJSON, ~10% injected 429/503/500/resets: the final records equal a run that never stopped, with no duplicates',
    () => crashScenario({ seed: 11, faults: true }),
    600_000,
  );
});
