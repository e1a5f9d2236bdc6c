import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readCredentialsFromEnvironment } from './credentials-env.js';
import { requireOAuthCredentials } from './credentials-validate.js';
import { ACS_SETTINGS, acsSettingsTable, findAcsSetting } from './settings.js';
import { acsEnvironment, formatEnvFile } from './settings-write.js';

describe('ACS_SETTINGS', () => {
  it('lists each setting of the design once, with a meaning', () => {
    const names = ACS_SETTINGS.map((setting) => setting.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'ACS_TENANT',
        'ACS_ENVIRONMENT',
        'ACS_CLIENT_ID',
        'ACS_CLIENT_SECRET',
        'ACS_CLIENT_SECRETS',
        'ACS_ORG_ID',
        'ACS_SCOPES',
        'ACS_TECHNICAL_ACCOUNT_ID',
        'ACS_PRIVATE_KEY',
        'ACS_PRIVATE_KEY_FILE',
        'ACS_PRIVATE_KEY_PASSPHRASE',
        'ACS_METASCOPES',
        'ACS_IMS_URL',
        'ACS_BASE_URL',
        'ACS_CREDENTIALS_FILE',
      ]),
    );
    for (const setting of ACS_SETTINGS) expect(setting.meaning.length).toBeGreaterThan(5);
    expect(ACS_SETTINGS.filter((setting) => setting.secret).map((setting) => setting.name)).toEqual([
      'ACS_CLIENT_SECRET',
      'ACS_CLIENT_SECRETS',
      'ACS_PRIVATE_KEY',
      'ACS_PRIVATE_KEY_PASSPHRASE',
    ]);
    expect(findAcsSetting('ACS_SCOPES')?.strategy).toBe('oauth');
    expect(findAcsSetting('ACS_PROFILE')).toBeUndefined();
  });

  it('is frozen', () => {
    expect(Object.isFrozen(ACS_SETTINGS)).toBe(true);
    expect(Object.isFrozen(ACS_SETTINGS[0])).toBe(true);
  });

  it('renders one table row per setting', () => {
    const rows = acsSettingsTable().split('\n');
    expect(rows).toHaveLength(ACS_SETTINGS.length + 2);
    expect(rows).toContain('| `ACS_CLIENT_SECRET` | the client secret | yes | all |');
  });
});

describe('acsEnvironment and formatEnvFile', () => {
  const values = {
    tenant: 'acme',
    clientId: '4f6b1c0e9a2d4e7f8b3c5d6e7f8a9b0c',
    clientSecrets: ['p8e-one secret with spaces', 'p8e-two\'quote"and#hash$HOME'],
    orgId: '1A2B3C4D5E6F7A8B9C0D1E2F@AdobeOrg',
    scopes: ['openid', 'AdobeID', 'campaign_sdk'],
    imsUrl: 'http://127.0.0.1:4011',
  };

  it('writes one secret as ACS_CLIENT_SECRET, several as ACS_CLIENT_SECRETS, in the order of the list', () => {
    expect(Object.keys(acsEnvironment(values))).toEqual([
      'ACS_TENANT',
      'ACS_CLIENT_ID',
      'ACS_CLIENT_SECRETS',
      'ACS_ORG_ID',
      'ACS_SCOPES',
      'ACS_IMS_URL',
    ]);
    expect(acsEnvironment({ clientSecrets: ['p8e-only'] })).toEqual({ ACS_CLIENT_SECRET: 'p8e-only' });
    expect(acsEnvironment({ scopes: ['a', 'b,c'] })).toEqual({ ACS_SCOPES: '["a","b,c"]' });
  });

  it('gives back, through a .env parser and the environment reader, what was written', () => {
    const text = formatEnvFile(acsEnvironment(values), ['written by a test']);
    expect(text.startsWith('# written by a test\nACS_TENANT=acme\n')).toBe(true);
    const parsed = parseEnv(text);
    const loaded = readCredentialsFromEnvironment(parsed);
    expect(loaded.tenant).toBe('acme');
    expect(requireOAuthCredentials(loaded)).toEqual({
      clientId: values.clientId,
      clientSecrets: values.clientSecrets,
      orgId: values.orgId,
      scopes: values.scopes,
      imsUrl: values.imsUrl,
    });
  });

  it('writes a multi-line key on one line that parses back to the same text', () => {
    const key =
      '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8w\n-----END PRIVATE KEY-----\n';
    const text = formatEnvFile(acsEnvironment({ privateKey: key }));
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(parseEnv(text)['ACS_PRIVATE_KEY']).toBe(key);
  });
});
