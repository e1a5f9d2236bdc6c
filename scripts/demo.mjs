// The README's main command: a short tour through the real `acs` binary, spawned as a user would
// run it. Without Adobe credentials in the environment it starts one local emulator and hands its
// URLs and demo credentials to `acs` through ACS_* variables; with real credentials (ACS_CLIENT_ID
// …) it runs read-only commands against them instead.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'packages', 'cli', 'dist', 'bin.js');
const work = mkdtempSync(join(tmpdir(), 'acs-demo-'));
const bold = (text) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001b[1m${text}\u001b[22m` : text);

// Asynchronous on purpose: the emulator runs in this process and must keep answering.
async function acs(args, env, { capture = false, allowFail = false } = {}) {
  console.log(`\n${bold(`$ acs ${args.join(' ')}`)}`);
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...env, ACS_CONFIG_DIR: join(work, 'config'), NO_COLOR: '1' },
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  const status = await new Promise((resolve) => child.on('close', resolve));
  if (stdout && !capture) process.stdout.write(stdout);
  if (stderr) process.stdout.write(stderr);
  if (status !== 0 && !allowFail) throw new Error(`acs ${args.slice(0, 2).join(' ')} exited with ${status}`);
  return stdout;
}

function userEnv() {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('ACS_')) env[key] = value;
  return env;
}

async function emulatorTour() {
  const { emulatorEnvironment, startEmulator } = await import(
    join(root, 'packages', 'emulator', 'dist', 'index.js')
  );
  // A small big-table threshold, so the export below shows every record read from a table that
  // Campaign would not page without _forcePagination.
  const emulator = await startEmulator({ profiles: 30, bigTableThreshold: 20 });
  const c = emulator.credentials;
  console.log(
    `Local Campaign Standard emulator on ${emulator.url} (demo credentials, tenant "${c.tenant}").`,
  );
  const env = { ...userEnv(), ...emulatorEnvironment(emulator) };
  try {
    const token = JSON.parse(await acs(['auth', 'token', '--json'], env, { capture: true }));
    console.log(
      `${token.method} token for ${token.clientId}, ${token.accessToken.slice(0, 12)}… valid until ${token.expiresOn}`,
    );

    await acs(['profiles', 'list', '--limit', '5', '-o', 'table'], env);
    const exported = await acs(['profiles', 'list', '-o', 'ndjson', '--page-size', '8'], env, {
      capture: true,
    });
    const { count } = JSON.parse(
      await acs(['api', 'GET', '/profileAndServices/profile/_count'], env, { capture: true }),
    );
    const lines = exported.trim().split('\n').filter(Boolean).length;
    console.log(
      `${lines} profiles exported of ${count} counted by Campaign, from a table above the big-table threshold (the list forces pagination).`,
    );
    const created = JSON.parse(
      await acs(
        [
          'profiles',
          'create',
          '--set',
          'email=jane.demo@example.com',
          '--set',
          'firstName=Jane',
          '-o',
          'json',
        ],
        env,
        {
          capture: true,
        },
      ),
    );
    console.log(`created profile ${created.PKey} (${created.email})`);
    await acs(['profiles', 'update', created.PKey, '--set', 'lastName=Demo', '-o', 'table'], env);
    const updated = JSON.parse(
      await acs(['profiles', 'get', created.PKey, '-o', 'json'], env, { capture: true }),
    );
    console.log(
      `profile ${updated.PKey} now reads: ${updated.firstName} ${updated.lastName} <${updated.email}>`,
    );

    const [service] = JSON.parse(
      await acs(['services', 'list', '--limit', '1', '-o', 'json'], env, { capture: true }),
    );
    console.log(`first service: ${service.name} "${service.label}" (${service.PKey})`);
    const subscription = JSON.parse(
      await acs(
        ['subscriptions', 'create', '--subscriber', created.PKey, '--service', service.PKey, '-o', 'json'],
        env,
        { capture: true },
      ),
    );
    console.log(`subscribed: ${subscription.PKey ?? JSON.stringify(subscription)}`);
    await acs(['subscriptions', 'list', '--subscriber', created.PKey, '-o', 'table'], env);

    await acs(
      [
        'workflows',
        'signal',
        'WKF1',
        'signal1',
        '--param',
        `email=${created.email}`,
        '--param',
        'test=true',
        '-o',
        'json',
      ],
      env,
    );

    const event = JSON.parse(
      await acs(
        [
          'events',
          'send',
          'EVTcartAbandonment',
          '--set',
          `email=${created.email}`,
          '--set',
          'ctx.cartAmount=$ 125',
          '-o',
          'json',
        ],
        env,
        { capture: true },
      ),
    );
    console.log(`event ${event.PKey}: ${event.status}`);
    await acs(['events', 'status', 'EVTcartAbandonment', event.PKey, '-o', 'table'], env);

    await acs(['profiles', 'delete', created.PKey, '-o', 'table'], env);

    // The same credential as a legacy JWT service account, then its migration to OAuth.
    const keyFile = join(work, 'private.key');
    writeFileSync(keyFile, c.privateKey, { mode: 0o600 });
    const jwtEnv = {
      ...userEnv(),
      ...emulatorEnvironment(emulator, { jwt: { privateKeyFile: keyFile } }),
      // ent_campaign_sdk only: what a Campaign-only JWT credential holds
      ACS_METASCOPES: 'ent_campaign_sdk',
    };
    // the JWT configuration carries no OAuth scopes: the migration derives them from the metascopes
    delete jwtEnv.ACS_SCOPES;
    await acs(['migrate', 'jwt-to-oauth', '--out', 'oauth.env', '-o', 'table'], jwtEnv);
    console.log(
      `\noauth.env written by the migration:\n${readFileSync(join(work, 'oauth.env'), 'utf8').replace(/(ACS_CLIENT_SECRETS?=).*/g, '$1…')}`,
    );

    const tokens = emulator.stats.tokenRequests();
    const calls = emulator.stats.apiRequests();
    console.log(
      `IMS token requests: ${tokens} (the OAuth token was cached on disk and reused); Campaign calls: ${calls}.`,
    );
  } finally {
    await emulator.stop();
  }
}

async function realTour() {
  console.log(
    `Credentials found in the environment (ACS_CLIENT_ID=${process.env.ACS_CLIENT_ID}): read-only commands.`,
  );
  const env = { ...process.env };
  await acs(['doctor', '-o', 'table'], env);
  await acs(['profiles', 'list', '--limit', '5', '-o', 'table'], env);
  await acs(['services', 'list', '--limit', '5', '-o', 'table'], env);
}

try {
  if (process.env.ACS_CLIENT_ID) await realTour();
  else await emulatorTour();
  console.log('\nDone. Try it yourself: node packages/cli/dist/bin.js --sandbox profiles list');
} catch (error) {
  console.error(`demo failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
