/**
 * Reads a Developer Console download in any of its forms; each form has its own module
 * (`console-workspace`, `console-credential`, `console-aio`) over the shared field readers of
 * `console-fields`.
 */
import { isAioConfig, isAioContext, readAioConfig, readAioContext } from './console-aio.js';
import { isCredentialJson, readCredentialJson } from './console-credential.js';
import { isObject, type Json, WORKSPACE_CREDENTIALS } from './console-fields.js';
import { readWorkspace } from './console-workspace.js';
import { readTextFile } from './credentials-file.js';
import { describeType, parseJsonSafely } from './credentials-parse.js';
import type { LoadedCredentials } from './credentials-types.js';
import { ConfigurationError } from './errors.js';

export { STAGE_IMS_URL } from './console-aio.js';
export { type ConsoleCredentialJsonInput, consoleCredentialJson } from './console-credential.js';

/** Options of {@link readConsoleCredentials}. */
export interface ReadConsoleCredentialsOptions {
  /**
   * For an aio config holding several `ims.contexts`: the one to use. By default
   * `ims.config.current`, else the only context.
   */
  context?: string;
  /** @internal The setting that named the file, for messages (e.g. `ACS_CREDENTIALS_FILE`). */
  field?: string;
  /** @internal Where that setting was read (e.g. `environment`). */
  origin?: string;
}

/**
 * Reads a Developer Console download, in any of its forms, from JSON text, a parsed object or a
 * file path:
 *
 * - the workspace JSON ("Download all") with `project.workspace.details.credentials[]`, holding an
 *   `oauth_server_to_server` credential, a `service` (JWT) credential, or, during a migration, an
 *   `oauth_server_to_server_migrate` credential with both;
 * - the per-credential download with upper-case keys (`TYPE`, `ORG_ID`, `CLIENT_ID`,
 *   `CLIENT_SECRETS`, `SCOPES`, …; the JWT variant with `API_KEY`, `CLIENT_SECRET`,
 *   `PUBLIC_KEYS_WITH_EXPIRY`);
 * - an aio CLI config (`ims.contexts.<name>`) or a single context object.
 *
 * Secrets and scopes may be lists or JSON list texts. When both an OAuth and a JWT credential are
 * present, both are returned; the OAuth one is what {@link requireOAuthCredentials} uses. Nothing
 * is validated here beyond the shape of the file: see {@link requireOAuthCredentials}, or give
 * the result to a strategy's `fromCredentials`, which checks it with that strategy's rules.
 *
 * @throws {@link ConfigurationError} when the file cannot be read, is not JSON, or is not a
 *   credential download.
 */
export function readConsoleCredentials(
  jsonOrPath: string | object,
  options: ReadConsoleCredentialsOptions = {},
): LoadedCredentials {
  let content: unknown = jsonOrPath;
  let source = 'Developer Console JSON';
  let field = options.field ?? 'jsonOrPath';
  const origin = options.origin;
  if (typeof jsonOrPath === 'string') {
    const trimmed = jsonOrPath.trim();
    // JSON text starts with { (or [ / " for the wrong kind of JSON, reported as such below); a path never does
    if (/^[{["]/.test(trimmed)) content = parseOrThrow(trimmed, field, origin ?? source);
    else {
      source = trimmed;
      field = options.field ?? trimmed;
      const fileText = readTextFile(trimmed, {
        field,
        source: origin ?? trimmed,
        alternative: 'the JSON content',
      });
      content = parseOrThrow(fileText, field, origin ?? trimmed, options.field ? trimmed : undefined);
    }
  }
  if (typeof content !== 'object' || content === null || Array.isArray(content)) {
    throw new ConfigurationError(
      [{ field, problem: `must be a JSON object, not ${describeType(content)}` }],
      origin ?? source,
    );
  }
  const json = content as Json;
  if (isObject(json['project'])) return readWorkspace(json, source, field, origin);
  if (isAioConfig(json)) return readAioConfig(json, source, options.context, origin);
  if (isCredentialJson(json)) return readCredentialJson(json, source, origin);
  if (isAioContext(json)) return readAioContext(json, '', source, 'aio-context');
  throw new ConfigurationError(
    [
      {
        field,
        problem:
          `is not a Developer Console credential download: expected ${WORKSPACE_CREDENTIALS} (workspace JSON), ` +
          'TYPE/CLIENT_ID/ORG_ID (credential JSON) or ims.contexts (aio config)',
      },
    ],
    origin ?? source,
  );
}

function parseOrThrow(content: string, field: string, source: string, path?: string): unknown {
  const parsed = parseJsonSafely(content);
  if (parsed.ok) return parsed.value;
  const problem = path === undefined ? parsed.problem : `names "${path}", which ${parsed.problem}`;
  throw new ConfigurationError([{ field, problem }], source);
}
