// Scenario 4: a fresh process with Adobe's SDKs (aio-lib-ims + aio-lib-campaign-standard).
import { aioImsContext, loadAioCampaign, loadAioIms } from '../lib/peers.mjs';
import { cpuMs, input, mark, peakRss, report } from './io.mjs';

const { emulator: e, pkey } = input;
const ims = loadAioIms(e.imsUrl);
const { init } = loadAioCampaign(e.baseUrl);
await ims.context.set('bench', aioImsContext(e.credentials, 'oauth'));
mark('ready');
const readyCpuMs = cpuMs();
const campaign = await init(e.credentials.tenant, e.credentials.clientId, await ims.getToken('bench'));
const res = await campaign.getProfile(pkey);
mark('response');
report({ ok: res.status === 200 && res.body?.PKey === pkey, peakRssBytes: peakRss(), readyCpuMs });
