// The credential checks and loaders only read: they register no secret for redaction. Secrets
// are registered where they enter a program (a strategy is built, a token arrives, the CLI reads
// its configuration), so a check run for a report (acs doctor) or a test has no hidden effect.
import { describe, expect, it } from 'vitest';
import { readConsoleCredentials } from '../../src/credentials-console.js';
import { credentialsFromSettings, readCredentialsFromEnvironment } from '../../src/credentials-env.js';
import { checkOAuthCredentials, requireOAuthCredentials } from '../../src/credentials-validate.js';
import { redact } from '../../src/redact.js';

// Shapes no pattern recognises: only the registry could redact them.
const SECRET_ONE = 'plain-secret-words-never-registered-1';
const SECRET_TWO = 'plain-secret-words-never-registered-2';
const ORG = '1A2B3C4D5E6F7A8B9C0D1E2F@AdobeOrg';

describe('checking credentials', () => {
  it('registers no secret, whether the check passes or fails', () => {
    const env = {
      ACS_CLIENT_ID: 'abc',
      ACS_CLIENT_SECRETS: `${SECRET_ONE},${SECRET_TWO}`,
      ACS_ORG_ID: ORG,
      ACS_SCOPES: 'openid',
      ACS_PRIVATE_KEY_PASSPHRASE: SECRET_TWO,
    };
    expect(requireOAuthCredentials(readCredentialsFromEnvironment(env)).clientSecrets).toEqual([
      SECRET_ONE,
      SECRET_TWO,
    ]);
    expect(checkOAuthCredentials({ clientSecrets: [SECRET_ONE], orgId: 'acme' }).issues).not.toEqual([]);
    checkOAuthCredentials(credentialsFromSettings({ ACS_CLIENT_SECRET: { value: SECRET_ONE, field: 'x' } }));
    readConsoleCredentials({
      CLIENT_ID: 'abc',
      ORG_ID: ORG,
      CLIENT_SECRETS: [SECRET_ONE],
      SCOPES: ['openid'],
    });
    expect(redact(`${SECRET_ONE} ${SECRET_TWO}`)).toBe(`${SECRET_ONE} ${SECRET_TWO}`);
  });
});
