/** The import cycles among the .ts files under `folder`, each as its files relative to `folder`. */
export declare function findCycles(folder: string | URL): Promise<string[][]>;
