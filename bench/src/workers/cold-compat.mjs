// Scenario 4: a fresh process with Adobe's functions on our SDK (aio-compat + auth-oauth) up to its first answer.
import { init } from '@campaign-standard/aio-compat';
import { createOAuthServerToServerAuth } from '@campaign-standard/auth-oauth';
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
const campaign = await init(c.tenant, '', auth, { baseUrl: e.baseUrl });
mark('ready');
const readyCpuMs = cpuMs();
const res = await campaign.getProfile(pkey);
mark('response');
report({ ok: res.status === 200 && res.body?.PKey === pkey, peakRssBytes: peakRss(), readyCpuMs });
