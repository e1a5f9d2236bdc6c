import type { ServerResponse } from 'node:http';
import { sendJson } from '../http.js';

/**
 * What an error is about, for the instances that word it otherwise (Campaign v8, `v8.ts`): a path
 * the instance does not serve, a record not found, a PKey that does not decode, or an error Campaign
 * v8 answers with its generic line only.
 */
export type CampaignErrorDetail =
  | { kind: 'route' }
  | { kind: 'record'; label: string; key: string; resource?: string | undefined }
  | { kind: 'pkey'; key: string }
  | { kind: 'generic' };

/**
 * An error of the Campaign instance behind the gateway: a status and a message built from
 * Campaign error codes (RST-, XTK-, PGS-), as Campaign Standard words it.
 */
export class CampaignError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail?: CampaignErrorDetail,
  ) {
    super(message);
  }
}

const GENERIC = 'RST-360011 An error has occurred - please contact your administrator.';

/** Sends a backend error. */
export function sendCampaignError(res: ServerResponse, error: CampaignError): void {
  // [I] The content type of backend errors is undocumented; the official SDK printed the body as a
  // bare JSON string. A JSON string is readable both by clients that parse JSON and by those that
  // read text, and tells them not to expect an object.
  sendJson(res, error.status, error.message);
}

/** 404 for a path Campaign does not serve. */
export function notFound(what: string, key = 'adobe_nl:0'): CampaignError {
  return new CampaignError(
    404,
    `${GENERIC} Unable to find document with path '${what}' from key '${key}' XTK-170006 Unable to parse expression '${what}'. Error rc=-2003`,
    { kind: 'route' },
  );
}

/**
 * 404 for a record Campaign cannot find: the same text as {@link notFound} on Campaign Standard;
 * Campaign v8 words it as a document not found (`v8.ts`). `resource` is the resource's name.
 */
export function recordNotFound(label: string, key: string, resource?: string): CampaignError {
  return new CampaignError(404, notFound(label, key).message, { kind: 'record', label, key, resource });
}

/** 500 for a PKey that does not decode. */
export function undecodableKey(key: string, schemaLabel: string, schema: string): CampaignError {
  const bare = key.replace(/^@/, '').slice(0, 10);
  return new CampaignError(
    500,
    `${GENERIC} '${bare}' attribute unknown (see definition of '${schemaLabel} (${schema})' schema). XTK-170036 Unable to parse expression '@${bare}'.`,
    { kind: 'pkey', key },
  );
}

/**
 * 500 for a value outside an enumeration. The text is the one Adobe's Campaign v8 migration page
 * ("Recommendations & limitations", error table) quotes for Campaign Standard:
 * `… The value 'invalid' is not valid for the 'nms:recipient:gender' enumeration of the '@gender' field`.
 */
export function invalidEnumeration(
  value: unknown,
  enumName: string,
  field = enumName.split(':').pop()!,
): CampaignError {
  return new CampaignError(
    500,
    `${GENERIC} The value '${String(value)}' is not valid for the '${enumName}' enumeration of the '@${field}' field`,
    { kind: 'generic' },
  );
}

/**
 * 500 for a field the resource does not have. Adobe's troubleshooting page
 * (help/api/using/troubleshooting.md, in an HTML comment) gives Campaign's words for a property the
 * resource refuses: `'age' property is not valid for the 'profile' resource.`
 */
export function unknownProperty(field: string, resource: string): CampaignError {
  return new CampaignError(
    500,
    `${GENERIC} '${field}' property is not valid for the '${resource}' resource.`,
  );
}

/**
 * 500 for a write to a read-only field: help/api/using/troubleshooting.md (HTML comment) shows a
 * PATCH of `age` answered 500 with `Cannot update the 'age' property that is read-only` followed by
 * `'age' property is not valid for the 'profile' resource.`
 */
export function readOnlyField(field: string, resource: string): CampaignError {
  return new CampaignError(
    500,
    `${GENERIC} Cannot update the '${field}' property that is read-only. '${field}' property is not valid for the '${resource}' resource.`,
  );
}

/**
 * 500 for a duplicate unique key, as the Campaign v8 migration page's error table quotes Campaign
 * Standard: `A 'Service' with the same key 'SVC4' already exists. PGS-220000 PostgreSQL error: …`.
 */
export function duplicateKey(label: string, constraint: string, value: string): CampaignError {
  return new CampaignError(
    500,
    `A '${label}' with the same key '${value}' already exists. PGS-220000 PostgreSQL error: ERROR:  duplicate key value violates unique constraint "${constraint}" DETAIL:  Key (sname)=(${value}) already exists.`,
    { kind: 'generic' },
  );
}

/**
 * 500 for an attempt to change a record's key, as the Campaign v8 migration page's error table
 * quotes Campaign Standard.
 */
export function keyChange(resource: string, from: string, to: string): CampaignError {
  return new CampaignError(
    500,
    `${GENERIC} RST-360012 Inconsistent operation on resource '${resource}' – Cannot update key '${from}' to '${to}'.`,
    { kind: 'generic' },
  );
}

/** 500 for a body that is not a JSON object. */
export function badBody(): CampaignError {
  return new CampaignError(500, `${GENERIC} XTK-170006 Unable to parse the JSON document.`);
}

/**
 * 415 for a body that is not sent as JSON. Adobe's pages send every body with
 * `Content-Type: application/json` and the transactional messages page
 * (help/api/using/managing-transactional-messages.md) says the header is required there, with a
 * charset. [I] What Campaign answers otherwise is not documented: the emulator refuses the body
 * before reading it, with 415 Unsupported Media Type and a Campaign-style text that says why.
 */
export function unsupportedMediaType(received: string, needCharset: boolean): CampaignError {
  const expected = needCharset
    ? "'application/json' with a charset, e.g. 'application/json;charset=utf-8'"
    : "'application/json'";
  return new CampaignError(
    415,
    `${GENERIC} Unsupported content type '${received}': the request body must be sent as ${expected}.`,
  );
}

/**
 * 500 for a record created without a field its metadata marks `mandatory`. [I] Adobe's pages do not
 * quote Campaign's words for it: the emulator answers the generic line and names the field.
 */
export function mandatoryField(field: string, resource: string): CampaignError {
  return new CampaignError(
    500,
    `${GENERIC} The '${field}' property of the '${resource}' resource is mandatory.`,
    { kind: 'generic' },
  );
}
