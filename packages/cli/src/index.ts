/**
 * The `acs` command line for the Adobe Campaign Standard REST API, usable as a library too:
 * `runCli(args)` runs a command and resolves with its exit code.
 *
 * @packageDocumentation
 */
export { CliError, type CliErrorKind } from './cli-error.js';
export { EXIT_CODES, type ExitCode, exitCodeFor } from './exit-codes.js';
export type { CliIo, OutputStream } from './io.js';
export { OUTPUT_FORMATS, type OutputFormat } from './output/format.js';
export { type ProgressDecisionInput, shouldShowProgress } from './output/progress.js';
export { runCli } from './run.js';
