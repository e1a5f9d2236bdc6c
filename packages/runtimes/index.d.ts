/** The runtimes of the matrix besides the Node.js running this code. */
export declare const RUNTIME_NAMES: readonly ['node-22', 'node-24', 'deno', 'workerd', 'bun'];
/** A runtime of the matrix besides the Node.js running this code. */
export type RuntimeName = (typeof RUNTIME_NAMES)[number];
/** The path of a runtime's binary, or undefined when this platform has no package for it. */
export declare function runtimeBinary(name: RuntimeName): string | undefined;
/** The version a runtime binary reports (`--version`), e.g. `22.23.5`. */
export declare function runtimeVersion(binary: string): string;
