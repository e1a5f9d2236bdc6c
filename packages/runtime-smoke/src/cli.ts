/**
 * The smoke suite as a program, for the runtimes that run one (Node, Deno, Bun):
 * `<runtime> dist/cli.js <control-url>`. Prints one JSON line: `{ "checks": [...] }`.
 */
import { httpControl, runSmoke, SDK_PACKAGES, type SmokeCheck } from './smoke.js';

/** Imports every package; one check per package, named `import <package>`. */
async function importChecks(): Promise<Array<{ name: string; ok: boolean; detail: string }>> {
  const out = [];
  for (const [name, exportName] of SDK_PACKAGES) {
    try {
      const module = (await import(name)) as Record<string, unknown>;
      const ok = typeof module[exportName] === 'function';
      out.push({ name: `import ${name}`, ok, detail: ok ? `${exportName}()` : `no ${exportName} export` });
    } catch (error) {
      out.push({
        name: `import ${name}`,
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return out;
}

/** The emulator itself, started in this runtime, answers a token request. */
async function emulatorCheck(): Promise<{ name: string; ok: boolean; detail: string }> {
  try {
    const { startEmulator } = await import('@campaign-standard/emulator');
    const emulator = await startEmulator({ profiles: 3 });
    try {
      const { credentials } = emulator;
      const response = await fetch(`${emulator.imsUrl}/ims/token/v3`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
          scope: credentials.scopes.join(','),
        }),
      });
      await response.body?.cancel();
      return { name: 'emulator', ok: response.status === 200, detail: `IMS answered ${response.status}` };
    } finally {
      await emulator.stop();
    }
  } catch (error) {
    return { name: 'emulator', ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

const args = (globalThis as { Deno?: { args: string[] } }).Deno?.args ?? process.argv.slice(2);
const controlUrl = args[0];
if (!controlUrl) throw new Error('usage: cli.js <control-url>');
const checks: Array<SmokeCheck | { name: string; ok: boolean; detail: string }> = [
  ...(await runSmoke(httpControl(controlUrl))),
  ...(await importChecks()),
  await emulatorCheck(),
];
console.log(JSON.stringify({ checks }));
