// Crash safety: an import process killed with SIGKILL and resumed (the scenario is in
// crash-scenario.ts; the run with injected faults is in crash-faults.test.ts, so both run at once).
import { join } from 'node:path';
import { type Emulator, emulatorEnvironment, startEmulator } from '@campaign-standard/emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { crashScenario } from './crash-scenario.js';
import { tempDir, writeFile } from './helpers.js';
import { jobEnvironment, runJobProcess } from './processes.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

describe('an import killed with SIGKILL and resumed', () => {
  it(
    '5,000 CSV rows, no faults: the final records equal a run that never stopped, with no duplicates',
    () => crashScenario({ rows: 5_000, seed: 7, faults: false }),
    600_000,
  );
});

describe('the journal is tied to its input', () => {
  it('a resume with another file is refused before anything is sent', async () => {
    emulator = await startEmulator({ profiles: 10 });
    const dir = tempDir('acs-bulk-crash-');
    const input = writeFile(dir, 'a.csv', 'email,firstName\ntied@bulk.example,A\n');
    const env = jobEnvironment({ ...emulatorEnvironment(emulator), BULK_INPUT: input });
    const first = await runJobProcess(env);
    expect(first.result).toMatchObject({ status: 'completed' });
    // The same path, other content: the journal's hash no longer matches.
    writeFile(dir, 'a.csv', 'email,firstName\nother@bulk.example,B\n');
    emulator.stats.reset();
    const second = await runJobProcess(env);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain('JournalError');
    expect(second.stderr).toContain('not this input');
    expect(emulator.stats.apiRequests()).toBe(0);
    expect(join(dir, 'a.csv')).toBe(input);
  });
});
