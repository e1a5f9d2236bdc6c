import { Command } from 'commander';
import type { ActionRunner } from './action.js';
import { registerApiCommand } from './commands/api.js';
import { registerAuthCommands } from './commands/auth.js';
import { registerBulkCommands } from './commands/bulk.js';
import { registerConfigCommands } from './commands/config.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerEmulatorCommand } from './commands/emulator.js';
import { registerEventCommands } from './commands/events.js';
import { registerFleetCommands } from './commands/fleet.js';
import { registerMetadataCommand } from './commands/metadata.js';
import { registerMigrateCommands } from './commands/migrate.js';
import { registerPrivacyCommands } from './commands/privacy.js';
import { registerResourceCommands } from './commands/resources.js';
import { registerTypesCommands } from './commands/types.js';
import { registerWorkflowCommands } from './commands/workflows.js';
import { exitCodeHelp } from './exit-codes.js';
import type { CliIo } from './io.js';
import { addGlobalOptions, type GlobalOptions } from './options.js';
import { Session } from './session.js';
import { startTrace } from './trace.js';
import { VERSION } from './version.js';

const EXIT_CODE_HELP = `${exitCodeHelp()}
Examples:
  $ acs --sandbox profiles list            try it with nothing configured
  $ acs doctor                             check the configuration, IMS and the tenant
  $ acs profiles list --output csv > profiles.csv
  $ acs api GET /profileAndServices/service
`;

/** `profiles list` for `acs profiles list`. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/** Builds the `acs` command tree. Sessions created by actions are pushed to `sessions` for cleanup. */
export function createProgram(io: CliIo, sessions: Array<{ close(): Promise<void> }>): Command {
  const program = new Command('acs');
  program
    .description('The command line for the Adobe Campaign Standard REST API')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText('after', EXIT_CODE_HELP);
  addGlobalOptions(program);

  const run: ActionRunner =
    (body) =>
    async (...args) => {
      const command = args[args.length - 1] as Command;
      const options = command.optsWithGlobals<GlobalOptions>();
      const session = new Session(io, options);
      sessions.push(session);
      if (!options.trace) return body(session, ...args);
      // Closed after the session: the spans of its last calls are written first.
      const trace = await startTrace(options.trace, VERSION);
      sessions.push(trace);
      await trace.run(`acs ${commandPath(command)}`, () => body(session, ...args));
    };

  registerAuthCommands(program, run);
  registerDoctorCommand(program, run);
  registerMigrateCommands(program, run);
  registerResourceCommands(program, run);
  registerWorkflowCommands(program, run);
  registerEventCommands(program, run);
  registerPrivacyCommands(program, run);
  registerBulkCommands(program, run);
  registerFleetCommands(program, run);
  registerMetadataCommand(program, run);
  registerTypesCommands(program, run);
  registerApiCommand(program, run);
  registerConfigCommands(program, run);
  registerEmulatorCommand(program, run);

  // Sub-commands inherit the error handling and output routing of the root.
  const configure = (command: Command) => {
    for (const sub of command.commands) {
      sub.exitOverride().showHelpAfterError('(run with --help for usage)');
      sub.configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) });
      configure(sub);
    }
  };
  configure(program);
  return program;
}
