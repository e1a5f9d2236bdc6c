import {
  emptyLoaded,
  isObject,
  type Json,
  jwtOf,
  type KeyNames,
  LOWER,
  label,
  readJwtObject,
  readOAuthObject,
  takeText,
} from './console-fields.js';
import { looksLikePem, parseJsonSafely, text } from './credentials-parse.js';
import type { CredentialsFormat, LoadedCredentials } from './credentials-types.js';
import { ConfigurationError } from './errors.js';

/** The IMS origin an aio context with `env: "stage"` talks to. */
export const STAGE_IMS_URL = 'https://ims-na1-stg1.adobelogin.com';

/** True when a JSON object is an aio CLI config (`ims.contexts`). */
export function isAioConfig(json: Json): boolean {
  return isObject(json['ims']) && isObject((json['ims'] as Json)['contexts']);
}

/** True when a JSON object is a single aio context (`client_id`, `ims_org_id`, …). */
export function isAioContext(json: Json): boolean {
  return 'client_id' in json || 'ims_org_id' in json;
}

/** An aio CLI config: the context named, else `ims.config.current`, else the only one. */
export function readAioConfig(
  json: Json,
  source: string,
  wanted: string | undefined,
  origin: string | undefined,
): LoadedCredentials {
  const ims = json['ims'] as Json;
  const contexts = ims['contexts'] as Json;
  const names = Object.keys(contexts).filter((name) => isObject(contexts[name]));
  const current = isObject(ims['config']) ? text(ims['config']['current']) : undefined;
  const usable = names.filter((name) => !name.startsWith('$'));
  const name =
    wanted ?? (current && names.includes(current) ? current : usable.length === 1 ? usable[0] : undefined);
  if (name === undefined || !names.includes(name)) {
    const problem =
      wanted !== undefined
        ? `has no context "${wanted}" (found: ${names.join(', ') || 'none'})`
        : usable.length === 0
          ? 'holds no context'
          : `holds several contexts (${usable.join(', ')}): choose one with the context option or ims.config.current`;
    throw new ConfigurationError([{ field: 'ims.contexts', problem }], origin ?? source);
  }
  return readAioContext(contexts[name] as Json, `ims.contexts.${name}`, source, 'aio-context');
}

/** One aio context: lower-case keys, `ims_org_id`, `private_key`, `env` (prod or stage). */
export function readAioContext(
  context: Json,
  base: string,
  source: string,
  format: CredentialsFormat,
): LoadedCredentials {
  const loaded = emptyLoaded(source, format);
  loaded.fieldNames['oauth.section'] = base || 'context';
  loaded.fieldNames['jwt.section'] = base || 'context';
  const keys: KeyNames = { ...LOWER, orgId: 'ims_org_id' };
  const oauthSignals = context['scopes'] !== undefined || context['client_secrets'] !== undefined;
  const jwtSignals =
    context['meta_scopes'] !== undefined ||
    context['metascopes'] !== undefined ||
    context['private_key'] !== undefined;
  if (oauthSignals || !jwtSignals) readOAuthObject(loaded, context, base, keys);
  if (jwtSignals) {
    readJwtObject(loaded, context, base, keys);
    readAioPrivateKey(loaded, context, base);
    takeText(loaded, 'jwt', 'passphrase', context, base, ['passphrase']);
  }
  const env = text(context['env']);
  if (env !== undefined) {
    loaded.fieldNames['imsUrl'] = label(base, 'env');
    if (env === 'stage') loaded.imsUrl = STAGE_IMS_URL;
    else if (env !== 'prod')
      loaded.issues.push({
        key: 'imsUrl',
        field: label(base, 'env'),
        problem: `is "${env}", not "prod" or "stage"`,
      });
  }
  return loaded;
}

/** aio accepts a PEM string, a list of its lines, a JSON text of either, or a file path. */
function readAioPrivateKey(loaded: LoadedCredentials, context: Json, base: string): void {
  const field = label(base, 'private_key');
  loaded.fieldNames['jwt.privateKey'] = field;
  loaded.fieldNames['jwt.privateKeyFile'] = field;
  let raw = context['private_key'];
  if (raw === undefined || raw === null) return;
  if (typeof raw === 'string' && /^\s*["[]/.test(raw)) {
    const parsed = parseJsonSafely(raw.trim());
    if (parsed.ok) raw = parsed.value;
  }
  if (Array.isArray(raw) && raw.every((line) => typeof line === 'string')) raw = raw.join('\n');
  const value = text(raw);
  if (value === undefined) {
    loaded.issues.push({
      key: 'jwt.privateKey',
      field,
      problem: 'must be a PEM text, a list of its lines or a file path',
    });
    return;
  }
  const jwt = jwtOf(loaded);
  if (looksLikePem(value)) jwt.privateKey = value;
  else jwt.privateKeyFile = value;
}
