// Writes guides/cli-reference.md from the built CLI's own `--help` output, command by command,
// so the page always says what the installed `acs` says.
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
// A few at a time: each is a Node start-up, and machines running this may have two cores.
let running = 0;
const waiting = [];
async function run(...args) {
  if (running >= 3) await new Promise((resume) => waiting.push(resume));
  running += 1;
  try {
    return await execFileAsync(...args);
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

const DOCS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BIN = join(DOCS_DIR, '..', 'packages/cli/dist/bin.js');
export const CLI_REFERENCE = join(DOCS_DIR, 'guides/cli-reference.md');

/** `acs <args> --help`, as a user would see it in a pipe (80 columns, no colour). */
export async function helpOf(args) {
  const { stdout } = await run(process.execPath, [CLI_BIN, ...args, '--help'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', COLUMNS: '80' },
  });
  return stdout.trimEnd();
}

/** The sub-command names listed under `Commands:` in a help text. */
export function subcommandsOf(help) {
  const section = /^Commands:\n([\s\S]*?)(?:\n\n|(?![\s\S]))/m.exec(help)?.[1] ?? '';
  return section
    .split('\n')
    .map((line) => /^ {2}([a-z][\w-]*)/.exec(line)?.[1])
    .filter((name) => name !== undefined && name !== 'help');
}

/** The whole reference page: every command and sub-command, in the order `--help` lists them. */
export async function renderReference() {
  const visit = async (args) => {
    const help = await helpOf(args);
    const own = `## \`acs${args.map((a) => ` ${a}`).join('')}\`\n\n\`\`\`text\n${help}\n\`\`\``;
    const children = args.length < 2 ? subcommandsOf(help) : [];
    const nested = await Promise.all(children.map((name) => visit([...args, name])));
    return [own, ...nested.flat()];
  };
  const sections = await visit([]);
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
  writeFileSync(CLI_REFERENCE, await renderReference());
  console.log(`wrote ${CLI_REFERENCE}`);
}
