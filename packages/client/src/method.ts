/** The HTTP methods the client sends. */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Methods resent after a failure. PATCH is among them: ACS applies the same field values again
 * with the same result, so a repeated PATCH cannot create anything.
 */
export const IDEMPOTENT: ReadonlySet<Method> = new Set(['GET', 'PUT', 'PATCH', 'DELETE']);
