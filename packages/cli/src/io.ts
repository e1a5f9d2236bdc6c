/** A stream `acs` writes to. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

/** The process surroundings of one `acs` run, injectable for tests. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The real process's streams, environment and working directory. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** True when colours must not be used: `NO_COLOR` set (any value), `--no-color`, or not a terminal. */
export function colorDisabled(io: CliIo, flagColor: boolean | undefined, stream: OutputStream): boolean {
  if (flagColor === false) return true;
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return true;
  if (io.env['FORCE_COLOR'] && io.env['FORCE_COLOR'] !== '0') return false;
  return !stream.isTTY;
}
