import { createRequire } from 'node:module';

/** The version of `@campaign-standard/cli`. */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string })
  .version;
