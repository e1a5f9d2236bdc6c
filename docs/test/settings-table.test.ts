// The table of ACS_* settings in the guides is core's ACS_SETTINGS, rendered: a setting added,
// renamed or described differently in core fails here until the guide shows it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOCS_DIR, REPO_DIR } from './helpers.js';

const GUIDE = join(DOCS_DIR, 'guides', 'choosing-auth.md');
const BLOCK = /<!-- acs-settings -->\n([\s\S]*?)\n<!-- \/acs-settings -->/;

describe('the table of ACS_* settings', () => {
  it("is core's ACS_SETTINGS, as acsSettingsTable() renders it", async () => {
    const core = (await import(pathToFileURL(join(REPO_DIR, 'packages/core/dist/index.js')).href)) as {
      acsSettingsTable(): string;
      ACS_SETTINGS: ReadonlyArray<{ name: string }>;
    };
    const shown = BLOCK.exec(readFileSync(GUIDE, 'utf8'))?.[1];
    expect(shown, `${GUIDE} has no <!-- acs-settings --> block`).toBeDefined();
    expect(shown).toBe(core.acsSettingsTable());
    for (const setting of core.ACS_SETTINGS) expect(shown).toContain(`\`${setting.name}\``);
  });
});
