// Scenario 2: calls at a fixed concurrency for several (short) token lifetimes.
import { createOurClient } from '../lib/ours.mjs';
import { input, report } from './io.mjs';

const { kind, refreshWindowMs, durationMs, concurrency, emulator, pkey } = input;
const client = createOurClient(emulator, kind, refreshWindowMs === undefined ? {} : { refreshWindowMs });

let ok = 0;
let failed = 0;
let firstError;
const started = Date.now();
const deadline = started + durationMs;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (Date.now() < deadline) {
      try {
        await client.profiles.get(pkey);
        ok++;
      } catch (error) {
        failed++;
        firstError ??= String(error?.message ?? error).slice(0, 200);
      }
    }
  }),
);
report({ ok, failed, firstError, started, ended: Date.now() });
