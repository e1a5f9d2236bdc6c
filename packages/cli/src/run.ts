import { CommanderError } from 'commander';
import { EXIT_CODES, type ExitCode, exitCodeFor } from './exit-codes.js';
import { type CliIo, processIo } from './io.js';
import { createProgram } from './program.js';
import { formatError } from './report-error.js';

/**
 * Runs `acs` with the given arguments (without `node` and the script path) and resolves with the
 * exit code. Never throws and never calls `process.exit`: failures are printed as one line on
 * stderr and mapped to {@link EXIT_CODES}.
 */
export async function runCli(args: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  const sessions: Array<{ close(): Promise<void> }> = [];
  const program = createProgram(io, sessions);
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.exitCode === 0 ||
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version'
      )
        return EXIT_CODES.ok;
      return EXIT_CODES.usage;
    }
    if (io.env['ACS_DEBUG_STACK'] && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    io.stderr.write(`${formatError(error)}\n`);
    return exitCodeFor(error);
  } finally {
    for (const session of sessions) await session.close().catch(() => {});
  }
}
