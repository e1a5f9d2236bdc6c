import { generateKeyPairSync } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import type { Emulator } from '../src/index.js';

/** Builds the JWT a service account would sign, with overridable claims and key. */
export async function signJwt(
  emulator: Emulator,
  overrides: Record<string, unknown> = {},
  privateKeyPem: string = emulator.credentials.privateKey,
): Promise<string> {
  const c = emulator.credentials;
  const claims: Record<string, unknown> = {
    exp: Math.floor(Date.now() / 1000) + 300,
    iss: c.orgId,
    sub: c.technicalAccountId,
    aud: `${emulator.imsUrl}/c/${c.clientId}`,
    [`${emulator.imsUrl}/s/ent_campaign_sdk`]: true,
    ...overrides,
  };
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  const key = await importPKCS8(privateKeyPem, 'RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(key);
}

/** A fresh RSA key pair as PEM (PKCS#8 private, SPKI public). */
export function newKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** POSTs an urlencoded form. */
export function postForm(
  url: string,
  fields: Record<string, string>,
  init: RequestInit = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(init.headers ?? {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

/** Gets an OAuth token for the emulator's default client. */
export async function oauthToken(emulator: Emulator): Promise<string> {
  const c = emulator.credentials;
  const res = await postForm(`${emulator.imsUrl}/ims/token/v3`, {
    grant_type: 'client_credentials',
    client_id: c.clientId,
    client_secret: c.clientSecret,
    scope: c.scopes.join(','),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Headers of an authenticated Campaign call. */
export function apiHeaders(emulator: Emulator, token: string): Record<string, string> {
  return {
    Authorization: `Bearer ${token}`,
    'X-Api-Key': emulator.credentials.clientId,
    'Cache-Control': 'no-cache',
    'Content-Type': 'application/json',
  };
}
