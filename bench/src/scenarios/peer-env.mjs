import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where a peer worker keeps aio-lib-ims's context (aio-lib-core-config writes a global config
 * file and reads `.aio` and `.env` in the working directory): a fresh temporary directory, so
 * the user's own aio configuration is neither read nor written.
 *
 * @returns {{ env: Record<string, string>, cwd: string }}
 */
export function peerEnv() {
  const dir = mkdtempSync(join(tmpdir(), 'acs-bench-aio-'));
  return { cwd: dir, env: { AIO_CONFIG_FILE: join(dir, 'aio-config.json'), XDG_CONFIG_HOME: dir } };
}
