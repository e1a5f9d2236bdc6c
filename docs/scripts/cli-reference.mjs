// Writes guides/cli-reference.md from the built CLI's own `--help` output, command by command,
// so the page always says what the installed `acs` says.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BIN = join(DOCS_DIR, '..', 'packages/cli/dist/bin.js');
export const CLI_REFERENCE = join(DOCS_DIR, 'guides/cli-reference.md');

/** `acs <args> --help`, as a user would see it in a pipe (80 columns, no colour). */
export function helpOf(args) {
  return execFileSync(process.execPath, [CLI_BIN, ...args, '--help'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', COLUMNS: '80' },
  }).trimEnd();
}

/** The sub-command names listed under `Commands:` in a help text. */
export function subcommandsOf(help) {
  const section = /^Commands:\n([\s\S]*?)(?:\n\n|(?![\s\S]))/m.exec(help)?.[1] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}([a-z][\w-]*)/.exec(line)?.[1])
    .filter((name) => name !== undefined && name !== 'help');
}

/** The whole reference page. */
export function renderReference() {
  const sections = [];
  const visit = (args) => {
    const help = helpOf(args);
    sections.push(`## \`acs${args.map((a) => ` ${a}`).join('')}\`\n\n\`\`\`text\n${help}\n\`\`\``);
    if (args.length < 2) for (const name of subcommandsOf(help)) visit([...args, name]);
  };
  visit([]);
  return [
    '---',
    'title: CLI reference',
    '---',
    '',
    '# CLI reference',
    '',
    'Generated from the help of the `acs` command (`@campaign-standard/cli`) when this site was built:',
    'it is what `acs <command> --help` prints. Settings come from flags, then `ACS_*` variables, a',
    '`.env` file, a named profile and a Developer Console download, in that order.',
    '',
    sections.join('\n\n'),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!existsSync(CLI_BIN)) {
    console.error(`${CLI_BIN} is missing: build @campaign-standard/cli first`);
    process.exit(1);
  }
  writeFileSync(CLI_REFERENCE, renderReference());
  console.log(`wrote ${CLI_REFERENCE}`);
}
