// TypeScript consumer, checked with `tsc --noEmit` under moduleResolution node16 and bundler:
// the published declarations must type these calls, and reject the wrong ones.

import { createJwtAuth, toOAuthServerToServerConfig } from '@campaign-standard/auth-jwt';
import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import { type CampaignClient, createCampaignClient, type Profile } from '@campaign-standard/client';
import { type AuthStrategy, type ErrorCode, isCampaignSdkError } from '@campaign-standard/core';
import { createFileTokenStore } from '@campaign-standard/core/file-store';
import { type Emulator, startEmulator } from '@campaign-standard/emulator';

export async function firstEmail(client: CampaignClient): Promise<string | undefined> {
  const { data, error } = await client.GET('/profileAndServices/profile/{PKey}', {
    params: { path: { PKey: '@abc' } },
  });
  if (error) {
    const code: ErrorCode = error.code;
    return code;
  }
  const profile: Profile = data;
  return profile.email;
}

export async function connect(emulator: Emulator): Promise<CampaignClient> {
  const c = emulator.credentials;
  const auth: AuthStrategy = createOAuthServerToServerAuth({
    clientId: c.clientId,
    clientSecrets: [c.clientSecret],
    orgId: c.orgId,
    scopes: c.scopes,
    imsUrl: emulator.imsUrl,
    store: createFileTokenStore({ path: '/tmp/tokens.json' }),
  });
  return createCampaignClient({ auth, tenant: c.tenant, baseUrl: emulator.baseUrl });
}

export async function legacy(emulator: Emulator): Promise<AuthStrategy> {
  const c = emulator.credentials;
  const { config } = toOAuthServerToServerConfig({ ...c, metascopes: c.metascopes });
  config.scopes satisfies string[];
  return createJwtAuth({ ...c, privateKey: c.privateKey, imsUrl: emulator.imsUrl });
}

export async function main(): Promise<void> {
  const emulator = await startEmulator();
  const client = await connect(emulator);
  try {
    await firstEmail(client);
  } catch (error) {
    if (isCampaignSdkError(error, 'ERR_API')) console.log(error.hint);
  } finally {
    await emulator.stop();
  }
}

// @ts-expect-error: not a path of the API
void createCampaignClient({} as never).GET('/no/such/path');
// @ts-expect-error: a path parameter is required
void createCampaignClient({} as never).GET('/profileAndServices/profile/{PKey}', {});
