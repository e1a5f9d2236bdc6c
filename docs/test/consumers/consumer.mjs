// ESM consumer of the installed tarballs: every package, every public entry point, one flow each.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJwtAuth } from '@campaign-standard/auth-jwt';
import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';
import { isCampaignSdkError, TenantUriError } from '@campaign-standard/core';
import { createFileTokenStore } from '@campaign-standard/core/file-store';
import { startEmulator } from '@campaign-standard/emulator';

const emulator = await startEmulator({ profiles: 12 });
const dir = mkdtempSync(join(tmpdir(), 'acs-consumer-'));
try {
  const c = emulator.credentials;
  const oauth = createOAuthServerToServerAuth({
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    orgId: c.orgId,
    scopes: c.scopes,
    imsUrl: emulator.imsUrl,
    store: createFileTokenStore({ path: join(dir, 'tokens.json') }),
  });
  const jwt = createJwtAuth({
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    orgId: c.orgId,
    technicalAccountId: c.technicalAccountId,
    metascopes: c.metascopes,
    privateKey: c.privateKey,
    imsUrl: emulator.imsUrl,
    quietDeprecation: true,
  });
  const counts = {};
  for (const auth of [oauth, jwt]) {
    const client = createCampaignClient({ auth, tenant: c.tenant, baseUrl: emulator.baseUrl });
    counts[auth.kind] = await client.profiles.list().count();
  }
  const wrong = createCampaignClient({ auth: oauth, tenant: 'nowhere', baseUrl: emulator.baseUrl });
  const failure = await wrong.profiles
    .list()
    .count()
    .catch((error) => error);
  console.log(
    JSON.stringify({
      counts,
      tenantUriError: failure instanceof TenantUriError && isCampaignSdkError(failure, 'ERR_TENANT_URI'),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
  await emulator.stop();
}
