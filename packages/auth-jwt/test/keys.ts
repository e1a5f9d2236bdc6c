import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emulator } from '@campaign-standard/emulator';

/** Throwaway keys made at test time; nothing here is ever committed. */
export interface TestKeys {
  keyObject: KeyObject;
  pkcs8: string;
  pkcs1: string;
  encryptedPkcs8: string;
  encryptedPkcs1: string;
  der: Buffer;
  publicPem: string;
  passphrase: string;
}

export function makeRsaKeys(bits = 2048): TestKeys {
  const passphrase = 'correct horse battery staple';
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    keyObject: privateKey,
    pkcs8: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    pkcs1: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    encryptedPkcs8: privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
      .toString(),
    encryptedPkcs1: privateKey
      .export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase })
      .toString(),
    der: privateKey.export({ type: 'pkcs8', format: 'der' }),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    passphrase,
  };
}

/** A self-signed certificate for `keyPem`, made with openssl as the Developer Console docs do. */
export function makeCertificate(keyPem: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'acs-jwt-cert-'));
  try {
    const keyFile = join(dir, 'private.key');
    writeFileSync(keyFile, keyPem, { mode: 0o600 });
    return execFileSync(
      'openssl',
      ['req', '-x509', '-sha256', '-key', keyFile, '-subj', '/CN=acs-sdk-test', '-days', '2'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a key file (0600) in a fresh temporary directory; returns its path and a cleanup. */
export function writeKeyFile(content: string): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'acs-jwt-key-'));
  const path = join(dir, 'private.key');
  writeFileSync(path, content, { mode: 0o600 });
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const ORG = '1A2B3C4D5E6F7A8B9C0D1E2F@AdobeOrg';
export const TECHNICAL_ACCOUNT = '0A1B2C3D4E5F6A7B8C9D0E1F@techacct.adobe.com';
export const CLIENT_SECRET = 'p8e-FAKE0jwt0secret0for0tests0BBBB';

/** Registers a JWT client (Campaign metascope only) whose binding holds `publicPem`. */
export function registerJwtClient(emulator: Emulator, clientId: string, publicPem: string): void {
  emulator.registerClient({
    clientId,
    clientSecrets: [CLIENT_SECRET],
    orgId: ORG,
    technicalAccountId: TECHNICAL_ACCOUNT,
    scopes: [],
    metascopes: ['ent_campaign_sdk'],
    publicKeys: [publicPem],
  });
}
