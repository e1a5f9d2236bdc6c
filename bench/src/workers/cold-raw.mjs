// Scenario 4: a fresh process with no SDK: a token and the same GET with global fetch.
import { profileUrl, rawHeaders, rawToken } from '../lib/raw.mjs';
import { cpuMs, input, mark, peakRss, report } from './io.mjs';

const { emulator: e, pkey } = input;
mark('ready');
const readyCpuMs = cpuMs();
const res = await fetch(profileUrl(e, pkey), { headers: rawHeaders(e, await rawToken(e)) });
const profile = await res.json();
mark('response');
report({ ok: profile.PKey === pkey, peakRssBytes: peakRss(), readyCpuMs });
