/**
 * Imported first by the Worker entry: records every read of a Node global (`process`, `Buffer`,
 * …) while the SDK's modules load, so the Workers test can prove that importing the SDK reads
 * neither the environment nor anything else of Node's. A global the runtime has (workerd with
 * `nodejs_compat`, or with a recent compatibility date) is still answered, through a recording
 * getter; one it lacks answers `undefined`, as it would.
 */
const NODE_GLOBALS = ['process', 'Buffer', 'require', '__dirname', '__filename'] as const;

/** The Node globals read while the trap was set, with how often. */
export const importReads: Record<string, number> = {};

const scope = globalThis as Record<string, unknown>;
const originals = new Map<string, PropertyDescriptor | undefined>();
for (const name of NODE_GLOBALS) {
  const descriptor = Object.getOwnPropertyDescriptor(scope, name);
  if (descriptor && !descriptor.configurable) continue;
  originals.set(name, descriptor);
  const value = name in scope ? scope[name] : undefined;
  Object.defineProperty(scope, name, {
    configurable: true,
    get() {
      importReads[name] = (importReads[name] ?? 0) + 1;
      return value;
    },
  });
}

/** The Node globals the runtime has (none in workerd without `nodejs_compat` and an older date). */
export const presentNodeGlobals: readonly string[] = [...originals]
  .filter(([, descriptor]) => descriptor !== undefined)
  .map(([name]) => name);

/** Ends the recording: every global is as it was. Called once the imports are done. */
export function releaseImportTrap(): void {
  for (const [name, descriptor] of originals) {
    if (descriptor) Object.defineProperty(scope, name, descriptor);
    else delete scope[name];
  }
}
