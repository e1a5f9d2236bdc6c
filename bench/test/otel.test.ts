import { describe, expect, it } from 'vitest';
import { otelOverhead } from '../src/otel-overhead.mjs';

// The OpenTelemetry series at its smallest, so its workers cannot rot: every mode runs in its own
// process and reports a CPU cost per GET. No ratio is asserted (that is the benchmark's to report).
describe('bench:otel --quick', () => {
  it('runs every mode, from OpenTelemetry absent to traced with the context manager', async () => {
    const result = await otelOverhead({ requests: 40, warmup: 10, concurrency: 4, reps: 1 });
    const modes = [
      'absent',
      'api',
      'context',
      'sdk-untraced',
      'sdk-ops',
      'sdk-unsampled',
      'sdk-no-context',
      'sdk',
    ];
    expect(Object.keys(result.cpuPerGetUs)).toEqual(modes);
    for (const mode of modes) {
      expect(result.samples[mode], mode).toHaveLength(1);
      expect(Number.isFinite(result.cpuPerGetUs[mode]) && result.cpuPerGetUs[mode] > 0, mode).toBe(true);
    }
    expect(result.ratio.absent).toBe(1);
  }, 180_000);
});
