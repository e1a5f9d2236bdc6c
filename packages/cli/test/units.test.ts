import { describe, expect, it } from 'vitest';
import { certificateChecks } from '../src/commands/doctor.js';
import { csvLine } from '../src/output/csv.js';
import { flatten } from '../src/output/flatten.js';
import { shouldShowProgress } from '../src/output/progress.js';

describe('progress bar decision', () => {
  const tty = { stderrIsTTY: true, stdoutIsTTY: false, env: {} };
  it('draws only when stderr is a terminal and the records go to a file or pipe', () => {
    expect(shouldShowProgress(tty)).toBe(true);
    expect(shouldShowProgress({ ...tty, stderrIsTTY: false })).toBe(false);
    expect(shouldShowProgress({ ...tty, stdoutIsTTY: true })).toBe(false);
    expect(shouldShowProgress({ ...tty, env: { CI: 'true' } })).toBe(false);
    expect(shouldShowProgress({ ...tty, disabled: true })).toBe(false);
  });
});

describe('certificate expiry from PUBLIC_KEYS_WITH_EXPIRY', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('fails an expired certificate, warns within 30 days, passes later ones', () => {
    const checks = certificateChecks(
      [
        { fingerprint: 'aaaaaaaaaaaaaaaa', expiresOn: '2024-12-01' },
        { fingerprint: 'bbbbbbbbbbbbbbbb', expiresOn: '2025-01-20' },
        { fingerprint: 'cccccccccccccccc', expiresOn: '2025-12-01' },
      ],
      now,
    );
    expect(checks.map((c) => c.status)).toEqual(['fail', 'warn', 'ok']);
    expect(checks[1]!.detail).toContain('in 19 days');
    expect(checks[0]!.detail).toContain('acs migrate jwt-to-oauth');
  });
});

describe('tabular shapes', () => {
  it('flattens nested records and quotes CSV fields', () => {
    expect(flatten({ a: 1, location: { city: 'Paris' }, tags: ['x'] })).toEqual({
      a: 1,
      'location.city': 'Paris',
      tags: '["x"]',
    });
    expect(csvLine(['plain', 'a,b', 'say "hi"'])).toBe('plain,"a,b","say ""hi"""');
  });
});
