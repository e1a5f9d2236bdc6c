// Measures (does not assert) how many simple authenticated GETs per second the emulator serves
// on loopback, with plain fetch. The emulator runs in its own process (the `acs-emulator` bin),
// so the client's work is not counted against it. Run after a build:
//   node scripts/throughput.mjs [seconds=5] [concurrency=16]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const seconds = Number(process.argv[2] ?? 5);
const concurrency = Number(process.argv[3] ?? 16);
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const child = spawn(process.execPath, [bin, '--profiles', '100000'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const env = await new Promise((resolve, reject) => {
  let out = '';
  child.on('exit', (code) => reject(new Error(`acs-emulator exited with ${code}`)));
  child.stdout.on('data', (chunk) => {
    out += chunk;
    if (out.includes('Press Ctrl+C'))
      resolve(Object.fromEntries(out.match(/^ACS_\w+=.*$/gm).map((l) => l.split(/=(.*)/s).slice(0, 2))));
  });
});
try {
  const tokenResponse = await fetch(`${env.ACS_IMS_URL}/ims/token/v3`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: env.ACS_CLIENT_ID,
      client_secret: env.ACS_CLIENT_SECRET,
    }),
  });
  const { access_token: token } = await tokenResponse.json();
  const headers = {
    Authorization: `Bearer ${token}`,
    'X-Api-Key': env.ACS_CLIENT_ID,
    'Cache-Control': 'no-cache',
  };
  const url = `${env.ACS_BASE_URL}/${env.ACS_TENANT}/campaign/profileAndServices/profile?_lineCount=1`;
  let done = 0;
  let failed = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status === 200) done++;
        else failed++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  console.log(
    `${Math.round(done / elapsed)} GET/s (${done} ok, ${failed} failed in ${elapsed.toFixed(1)} s, concurrency ${concurrency}, Node ${process.version})`,
  );
} finally {
  child.kill('SIGTERM');
}
