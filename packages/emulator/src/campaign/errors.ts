import type { ServerResponse } from 'node:http';
import { sendJson } from '../http.js';

/**
 * An error of the Campaign instance behind the gateway: a status and a message built from
 * Campaign error codes (RST-, XTK-, PGS-).
 */
export class CampaignError extends Error {
  constructor(
    readonly status: number,
    message: string,
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

/** 404 for a path or record Campaign cannot find. */
export function notFound(what: string, key = 'adobe_nl:0'): CampaignError {
  return new CampaignError(
    404,
    `${GENERIC} Unable to find document with path '${what}' from key '${key}' XTK-170006 Unable to parse expression '${what}'. Error rc=-2003`,
  );
}

/** 500 for a PKey that does not decode. */
export function undecodableKey(key: string, schemaLabel: string, schema: string): CampaignError {
  const bare = key.replace(/^@/, '').slice(0, 10);
  return new CampaignError(
    500,
    `${GENERIC} '${bare}' attribute unknown (see definition of '${schemaLabel} (${schema})' schema). XTK-170036 Unable to parse expression '@${bare}'.`,
  );
}

/** 500 for a value outside an enumeration. */
export function invalidEnumeration(value: unknown, enumName: string): CampaignError {
  return new CampaignError(
    500,
    `${GENERIC} The value '${String(value)}' is not valid for the '${enumName}' enumeration. XTK-170036 Unable to parse expression.`,
  );
}

/** 500 for a write to a read-only field. */
export function readOnlyField(field: string): CampaignError {
  return new CampaignError(500, `${GENERIC} Cannot update the '${field}' property that is read-only.`);
}

/** 500 for a duplicate unique key, as PostgreSQL words it through Campaign. */
export function duplicateKey(constraint: string, value: string): CampaignError {
  return new CampaignError(
    500,
    `${GENERIC} PGS-220000 PostgreSQL error: ERROR:  duplicate key value violates unique constraint "${constraint}" DETAIL:  Key (sname)=(${value}) already exists.`,
  );
}

/** 500 for an attempt to change a record's key. */
export function keyChange(resource: string, from: string, to: string): CampaignError {
  return new CampaignError(
    500,
    `RST-360012 Inconsistent operation on resource '${resource}' - Cannot update key '${from}' to '${to}'.`,
  );
}

/** 500 for a body that is not a JSON object. */
export function badBody(): CampaignError {
  return new CampaignError(500, `${GENERIC} XTK-170006 Unable to parse the JSON document.`);
}
