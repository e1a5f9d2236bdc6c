// Scenario 4: a fresh process with our SDK (client + auth-oauth) up to its first answer.
import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';
import { cpuMs, input, mark, peakRss, report } from './io.mjs';

const { emulator: e, pkey } = input;
const c = e.credentials;
const auth = createOAuthServerToServerAuth({
  clientId: c.clientId,
  clientSecrets: [c.clientSecret],
  orgId: c.orgId,
  scopes: c.scopes,
  imsUrl: e.imsUrl,
});
const client = createCampaignClient({ auth, tenant: c.tenant, baseUrl: e.baseUrl });
mark('ready');
const readyCpuMs = cpuMs();
const profile = await client.profiles.get(pkey);
mark('response');
report({ ok: profile.PKey === pkey, peakRssBytes: peakRss(), readyCpuMs });
