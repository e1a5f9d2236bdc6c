// Scenario 1: a cold client makes N concurrent calls; the runner counts the token requests.
import { createOurClient } from '../lib/ours.mjs';
import { aioImsContext, loadAioIms } from '../lib/peers.mjs';
import { profileUrl, rawHeaders } from '../lib/raw.mjs';
import { input, report } from './io.mjs';

const { variant, calls, emulator, pkey } = input;
const [stack, kind] = variant.split('-');

let call;
if (stack === 'ours') {
  const client = createOurClient(emulator, kind);
  call = () => client.profiles.get(pkey);
} else {
  // aio-lib-ims owns the token; the Campaign call is a plain fetch with it (the peer Campaign SDK
  // takes a fixed token at init and has no token management of its own).
  const ims = loadAioIms(emulator.imsUrl);
  await ims.context.set('bench', aioImsContext(emulator.credentials, kind));
  call = async () => {
    const token = await ims.getToken('bench');
    const res = await fetch(profileUrl(emulator, pkey), { headers: rawHeaders(emulator, token) });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  };
}

const settled = await Promise.allSettled(Array.from({ length: calls }, () => call()));
const failures = settled.filter((s) => s.status === 'rejected');
report({
  ok: settled.length - failures.length,
  failed: failures.length,
  firstError: failures[0]
    ? String(failures[0].reason?.message ?? failures[0].reason).slice(0, 200)
    : undefined,
});
