import { describe, expect, it } from 'vitest';
import { ImsError } from './errors.js';
import { imsHintFor, isRejectedSecret } from './ims-hints.js';

const refused = (status: number, error?: string, errorDescription?: string) =>
  new ImsError({ status, error, errorDescription });
const WRONG_SECRET = refused(400, 'invalid_client', 'invalid client_secret parameter');

describe('imsHintFor', () => {
  it('gives the advice of the flow the request used', () => {
    const oauth = imsHintFor(refused(400, 'invalid_scope'), { flow: 'client-credentials' });
    const jwt = imsHintFor(refused(400, 'invalid_scope'), { flow: 'jwt-exchange' });
    expect(oauth).toMatch(/^A requested scope is not on the credential/);
    expect(jwt).toMatch(/^The metascopes are not those bound to the credential/);
    expect(imsHintFor(refused(400, 'invalid_scope'))).toBeUndefined();
  });

  it('gives the advice every flow shares without a flow', () => {
    expect(imsHintFor(refused(429))).toMatch(/^IMS is throttling token requests/);
    expect(imsHintFor(refused(503), { flow: 'jwt-exchange' })).toMatch(/^IMS is unavailable/);
  });

  it('tells apart one rejected secret, several, and a list pasted as one', () => {
    const context = { flow: 'client-credentials' } as const;
    expect(imsHintFor(WRONG_SECRET, context)).toMatch(/^IMS does not accept the client secret/);
    expect(imsHintFor(WRONG_SECRET, { ...context, secretCount: 2 })).toMatch(
      /^IMS rejected each of the 2 configured client secrets/,
    );
    expect(imsHintFor(WRONG_SECRET, { ...context, secretLooksLikeList: true })).toMatch(
      /looks like a list pasted as one value/,
    );
    expect(isRejectedSecret(WRONG_SECRET)).toBe(true);
    expect(isRejectedSecret(refused(400, 'invalid_client', 'invalid client_id parameter'))).toBe(false);
  });

  it('names the migration guide only when the strategy gives it', () => {
    const signature = refused(400, 'invalid_signature', 'no bindings for the signature');
    expect(imsHintFor(signature, { flow: 'jwt-exchange' })).not.toContain('docs/');
    expect(imsHintFor(signature, { flow: 'jwt-exchange', migrationGuide: 'the guide' })).toContain(
      'migrate to OAuth Server-to-Server (the guide).',
    );
  });
});
