import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HOST = fileURLToPath(new URL('./emulator-host.mjs', import.meta.url));

/**
 * @typedef {object} EmulatorProcess
 * @property {string} imsUrl
 * @property {string} baseUrl
 * @property {{ tenant: string, clientId: string, clientSecret: string, orgId: string,
 *   technicalAccountId: string, technicalAccountEmail: string, scopes: string[],
 *   metascopes: string[], privateKey: string }} credentials the emulator's demo client
 * @property {string} pkey the PKey of the first seeded profile
 * @property {(op: string, arg?: unknown) => Promise<any>} call runs an operation in the host
 * @property {() => Promise<void>} stop
 */

/**
 * Starts the emulator in a child process (see `emulator-host.mjs`) and finds a profile key to read.
 *
 * @param {{ profiles?: number, tokenLifetimeSeconds?: number }} options `startEmulator` options
 * @returns {Promise<EmulatorProcess>}
 */
export async function startEmulatorProcess(options = {}) {
  const child = fork(HOST, [JSON.stringify(options)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const pending = new Map();
  let nextId = 0;
  const info = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`emulator host exited with ${code}`)));
    child.on('message', (message) => {
      if (message.ready) return resolve(message);
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.value);
    });
  });
  const call = (op, arg) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, op, arg });
    });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.disconnect();
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  try {
    const pkey = await firstProfileKey(info);
    await call('reset');
    return { ...info, pkey, call, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function firstProfileKey({ imsUrl, baseUrl, credentials: c }) {
  const tokenResponse = await fetch(`${imsUrl}/ims/token/v3`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: c.clientSecret,
      scope: c.scopes.join(','),
    }),
  });
  const { access_token: token } = await tokenResponse.json();
  const res = await fetch(`${baseUrl}/${c.tenant}/campaign/profileAndServices/profile?_lineCount=1`, {
    headers: { authorization: `Bearer ${token}`, 'x-api-key': c.clientId, 'cache-control': 'no-cache' },
  });
  const body = await res.json();
  const pkey = body?.content?.[0]?.PKey;
  if (typeof pkey !== 'string') throw new Error(`no profile to read (HTTP ${res.status})`);
  return pkey;
}
