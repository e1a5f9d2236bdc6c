import { emptyLoaded, isObject, type Json, readJwtObject, readOAuthObject, UPPER } from './console-fields.js';
import { parseJsonSafely, text } from './credentials-parse.js';
import type { CertificateExpiry, LoadedCredentials } from './credentials-types.js';
import { ConfigurationError } from './errors.js';

/** True when a JSON object has the upper-case keys of a per-credential download. */
export function isCredentialJson(json: Json): boolean {
  return ['TYPE', 'CLIENT_ID', 'API_KEY', 'ORG_ID'].some((key) => key in json);
}

/**
 * The per-credential download, with upper-case keys: `TYPE`, `ORG_ID`, `CLIENT_ID`,
 * `CLIENT_SECRETS`, `SCOPES`, … for OAuth Server-to-Server; `API_KEY`, `CLIENT_SECRET`,
 * `METASCOPES`, `PUBLIC_KEYS_WITH_EXPIRY` for the JWT variant.
 */
export function readCredentialJson(
  json: Json,
  source: string,
  origin: string | undefined,
): LoadedCredentials {
  const type = text(json['TYPE'])?.toLowerCase();
  const oauthSignals = type === 'oauthservertoserver' || 'CLIENT_SECRETS' in json || 'SCOPES' in json;
  const jwtSignals =
    (type !== undefined && /jwt|service/.test(type)) ||
    'API_KEY' in json ||
    'PUBLIC_KEYS_WITH_EXPIRY' in json ||
    'METASCOPES' in json ||
    'META_SCOPES' in json;
  if (type !== undefined && !oauthSignals && !jwtSignals) {
    throw new ConfigurationError(
      [
        {
          field: 'TYPE',
          problem: `is "${type}", not a server-to-server credential: download the OAuth Server-to-Server credential of the project`,
        },
      ],
      origin ?? source,
    );
  }
  const loaded = emptyLoaded(source, 'credential');
  loaded.fieldNames['oauth.section'] = 'TYPE';
  loaded.fieldNames['jwt.section'] = 'TYPE';
  if (oauthSignals || !jwtSignals) readOAuthObject(loaded, json, '', UPPER);
  if (jwtSignals) {
    readJwtObject(loaded, json, '', UPPER);
    const certificates = readCertificates(json['PUBLIC_KEYS_WITH_EXPIRY']);
    if (certificates) loaded.certificates = certificates;
  }
  return loaded;
}

/** `{"<fingerprint>":"MM/DD/YYYY"}` (or its JSON text, or a list of such objects) as ISO dates. */
function readCertificates(value: unknown): CertificateExpiry[] | undefined {
  let raw = value;
  if (typeof raw === 'string') {
    const parsed = parseJsonSafely(raw);
    if (!parsed.ok) return undefined;
    raw = parsed.value;
  }
  const entries: Array<[string, unknown]> = [];
  if (Array.isArray(raw)) for (const item of raw) if (isObject(item)) entries.push(...Object.entries(item));
  if (isObject(raw)) entries.push(...Object.entries(raw));
  if (entries.length === 0) return undefined;
  return entries.map(([fingerprint, date]) => {
    const written = String(date);
    const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(written.trim());
    const expiresOn = us ? `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : written;
    return { fingerprint, expiresOn };
  });
}

/** What {@link consoleCredentialJson} writes: an OAuth Server-to-Server credential. */
export interface ConsoleCredentialJsonInput {
  /** The client id (API key). */
  clientId: string;
  /** The client secrets (or placeholders standing for them). */
  clientSecrets: readonly string[];
  /** The IMS organization id, `…@AdobeOrg`. */
  orgId: string;
  /** The credential's scopes. */
  scopes: readonly string[];
  /** The technical account, `…@techacct.adobe.com`. */
  technicalAccountId?: string | undefined;
  /** The technical account's e-mail. */
  technicalAccountEmail?: string | undefined;
}

/**
 * The Developer Console's per-credential JSON of an OAuth Server-to-Server credential (`TYPE`
 * `oauthservertoserver`, `ORG_ID`, `CLIENT_ID`, `CLIENT_SECRETS`, `SCOPES`, …), as
 * {@link readConsoleCredentials} reads it back.
 */
export function consoleCredentialJson(credential: ConsoleCredentialJsonInput): Record<string, unknown> {
  const json: Record<string, unknown> = {
    TYPE: 'oauthservertoserver',
    ORG_ID: credential.orgId,
    CLIENT_ID: credential.clientId,
    CLIENT_SECRETS: [...credential.clientSecrets],
  };
  if (credential.technicalAccountId) json['TECHNICAL_ACCOUNT_ID'] = credential.technicalAccountId;
  if (credential.technicalAccountEmail) json['TECHNICAL_ACCOUNT_EMAIL'] = credential.technicalAccountEmail;
  json['SCOPES'] = [...credential.scopes];
  return json;
}
