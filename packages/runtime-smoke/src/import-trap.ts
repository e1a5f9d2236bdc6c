/**
 * Imported first by the Worker entry: records every read of a Node global (`process`, `Buffer`)
 * while the SDK's modules load, so the Workers test can prove that importing the SDK reads neither
 * the environment nor the file system. workerd without `nodejs_compat` has neither global: a read
 * answers `undefined`, as it would there.
 */
const NODE_GLOBALS = ['process', 'Buffer', 'require', '__dirname', '__filename'] as const;

/** The Node globals read while the trap was set, with how often. */
export const importReads: Record<string, number> = {};

const scope = globalThis as Record<string, unknown>;
const had = NODE_GLOBALS.filter((name) => name in scope);
for (const name of NODE_GLOBALS) {
  if (had.includes(name)) continue;
  Object.defineProperty(scope, name, {
    configurable: true,
    get() {
      importReads[name] = (importReads[name] ?? 0) + 1;
      return undefined;
    },
  });
}

/** The globals that existed before the trap (none in workerd without `nodejs_compat`). */
export const presentNodeGlobals: readonly string[] = had;

/** Ends the recording: the globals are removed again. Called once the imports are done. */
export function releaseImportTrap(): void {
  for (const name of NODE_GLOBALS) if (!had.includes(name)) delete scope[name];
}
