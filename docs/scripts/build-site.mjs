// Builds the documentation site into docs/site: the CLI reference from the built CLI, a check
// that the guides show the tested samples, then TypeDoc (warnings are errors, see typedoc.json).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const node = (args) => execFileSync(process.execPath, args, { cwd: DOCS_DIR, stdio: 'inherit' });

node(['scripts/cli-reference.mjs']);
node(['scripts/samples.mjs', '--check']);
node([join(DOCS_DIR, 'node_modules/typedoc/bin/typedoc')]);
