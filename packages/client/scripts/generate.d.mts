/** The OpenAPI document, as a file URL. */
export declare const SPEC_URL: URL;
/** Where the generated types are committed. */
export declare const OUTPUT_URL: URL;
/** Renders the TypeScript source of the generated types. */
export declare function renderTypes(): Promise<string>;
