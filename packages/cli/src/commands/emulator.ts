import { writeFileSync } from 'node:fs';
import { formatEnvFile } from '@campaign-standard/core';
import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { CliError } from '../cli-error.js';
import { collect } from '../data-input.js';

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new CliError('usage', `${name} must be a non-negative integer, not "${value}"`);
  return n;
}

function rate(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!value.trim() || !Number.isFinite(n) || n <= 0)
    throw new CliError('usage', `${name} must be a positive number of requests per second, not "${value}"`);
  return n;
}

/** `--v8-tenant <name>[=<tenant>]`: a Campaign v8 tenant migrated from a Standard one. */
function v8Tenant(spec: string): { name: string; migratedFrom?: string } {
  const [name = '', migratedFrom, ...extra] = spec.split('=');
  if (!name || migratedFrom === '' || extra.length > 0)
    throw new CliError('usage', `--v8-tenant takes <name> or <name>=<tenant>, not "${spec}"`);
  return migratedFrom === undefined ? { name } : { name, migratedFrom };
}

interface EmulatorOptions {
  v8Tenant?: string[];
  port?: string;
  profiles?: string;
  seed?: string;
  bigTableThreshold?: string;
  rateLimit?: string;
  writeEnv?: string;
}

/** `acs emulator`: a local IMS + Campaign Standard server with seed data, until Ctrl+C. */
export function registerEmulatorCommand(program: Command, run: ActionRunner): void {
  program
    .command('emulator')
    .description(
      'start the local emulator (IMS + Campaign Standard) with seed data and print ready credentials',
    )
    .option('--port <port>', 'TCP port on 127.0.0.1 (default: a free one)')
    .option('--profiles <n>', 'seeded profiles per instance (default 50)')
    .option('--seed <n>', 'seed of the generated data (default 1)')
    .option(
      '--v8-tenant <name[=tenant]>',
      'also serve a Campaign v8 tenant <name>: the Standard tenant after its migration to v8, same records, own PKeys (repeatable)',
      collect,
    )
    .option(
      '--big-table-threshold <n>',
      'rows above which a list gives no next link without _forcePagination (default 100000, as Campaign)',
    )
    .option(
      '--rate-limit <requests/s>',
      'Campaign calls each IMS organization may make per second, then 429 with Retry-After (default: no limit)',
    )
    // Not `--env-file`: Node reads that flag even after the script path and exits 9 when the file
    // does not exist yet (nodejs/node#54232), so it would never reach this command.
    .option('--write-env <path>', 'also write the credentials as a .env file (mode 0600)')
    .addHelpText(
      'after',
      `
Examples:
  $ acs emulator                      then, in another terminal, paste the printed lines
  $ acs emulator --port 4010 --write-env .env
  $ acs emulator --tenant geometrixx --profiles 5000
  $ acs emulator --profiles 300 --big-table-threshold 100   a big table, to test full exports
  $ acs emulator --rate-limit 10      the API gateway's throttling: 10 calls/s, then 429
  $ acs emulator --tenant acme --v8-tenant acmev8   Campaign Standard and its Campaign v8 tenant
  $ acs emulator --output json        one JSON line with the URLs and credentials, for scripts`,
    )
    .action(
      run(async (session, options: EmulatorOptions) => {
        const { emulatorEnvironment, startEmulator } = await import('@campaign-standard/emulator');
        const tenant = session.options.tenant;
        const requestsPerSecond = rate(options.rateLimit, '--rate-limit');
        const v8Tenants = (options.v8Tenant ?? []).map(v8Tenant);
        const emulator = await startEmulator({
          ...(v8Tenants.length > 0 ? { v8Tenants } : {}),
          port: integer(options.port, '--port'),
          profiles: integer(options.profiles, '--profiles'),
          seed: integer(options.seed, '--seed'),
          bigTableThreshold: integer(options.bigTableThreshold, '--big-table-threshold'),
          ...(tenant ? { tenants: [tenant] } : {}),
          ...(requestsPerSecond === undefined ? {} : { rateLimit: { requestsPerSecond } }),
        });
        const env = emulatorEnvironment(emulator);
        if (options.writeEnv)
          writeFileSync(options.writeEnv, formatEnvFile(env, [`acs emulator at ${emulator.url}`]), {
            mode: 0o600,
          });
        const v8 = v8Tenants.map((t) => ({
          name: t.name,
          migratedFrom: t.migratedFrom ?? emulator.credentials.tenant,
          baseUrl: `${emulator.baseUrl}/${t.name}/campaign`,
        }));
        const format = session.options.output?.toLowerCase();
        if (format === 'json' || format === 'ndjson') {
          session.io.stdout.write(
            `${JSON.stringify({ url: emulator.url, imsUrl: emulator.imsUrl, baseUrl: emulator.baseUrl, env, ...(v8.length > 0 ? { v8Tenants: v8 } : {}) })}\n`,
          );
        } else {
          const out = session.io.stdout;
          out.write(
            `Campaign Standard emulator listening on ${emulator.url} (tenant "${emulator.credentials.tenant}")\n`,
          );
          for (const t of v8)
            out.write(
              `Campaign v8 tenant "${t.name}" (migrated from "${t.migratedFrom}"): ${t.baseUrl}; use it with ACS_TENANT=${t.name}\n`,
            );
          if (requestsPerSecond !== undefined)
            out.write(
              `Rate limit: ${requestsPerSecond} Campaign calls/s per organization, then 429 with Retry-After\n`,
            );
          out.write(
            "Use it from another shell (these are the emulator's demo credentials, not real ones):\n\n",
          );
          for (const [key, value] of Object.entries(env))
            out.write(`  export ${key}=${JSON.stringify(value)}\n`);
          out.write(
            `\nThen try: acs profiles list${options.writeEnv ? `   (or use ${options.writeEnv})` : ''}\nPress Ctrl+C to stop.\n`,
          );
        }
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            resolve();
          };
          process.on('SIGINT', stop);
          process.on('SIGTERM', stop);
        });
        await emulator.stop();
      }),
    );
}
