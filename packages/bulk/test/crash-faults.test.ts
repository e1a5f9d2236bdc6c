import { describe, it } from 'vitest';
import { crashScenario } from './crash-scenario.js';

// Half the rows of the clean run (crash.test.ts): retries and reconciliations make each row
// dearer, and the package's suite has to stay short on a two-core machine.

describe('an import killed with SIGKILL and resumed, under faults', () => {
  it(
    '2,500 NDJSON rows, ~10% injected 429/503/500/resets: the final records equal a run that never stopped, with no duplicates',
    () => crashScenario({ rows: 2_500, seed: 11, faults: true }),
    600_000,
  );
});
