import {
  type CertificateExpiry,
  checkJwtCredentials,
  checkOAuthCredentials,
  DEFAULT_IMS_URL,
  readConsoleCredentials,
} from '@campaign-standard/core';
import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { CliError, type CliErrorKind } from '../cli-error.js';
import { SETTING_KEYS } from '../config/keys.js';
import { detectAuthKind } from '../config/resolve.js';
import { loadCredentials } from '../connect.js';
import { EXIT_CODES, exitCodeFor } from '../exit-codes.js';
import { hintFor } from '../hints.js';
import { writeList } from '../output/format.js';
import { describeSources, type Session } from '../session.js';

/** One line of the doctor's report. */
export interface Check {
  check: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  detail: string;
}

const DAY_MS = 86_400_000;

/** Warnings for certificates that expired or expire within 30 days (`PUBLIC_KEYS_WITH_EXPIRY`). */
export function certificateChecks(certificates: readonly CertificateExpiry[], now = Date.now()): Check[] {
  return certificates.map((certificate) => {
    const at = Date.parse(certificate.expiresOn);
    const fingerprint = certificate.fingerprint.slice(0, 12);
    if (Number.isNaN(at))
      return {
        check: 'JWT certificate',
        status: 'warn',
        detail: `${fingerprint}…: unreadable expiry "${certificate.expiresOn}"`,
      };
    const days = Math.floor((at - now) / DAY_MS);
    if (days < 0)
      return {
        check: 'JWT certificate',
        status: 'fail',
        detail: `${fingerprint}… expired on ${certificate.expiresOn}: JWT tokens fail; run \`acs migrate jwt-to-oauth\``,
      };
    if (days <= 30)
      return {
        check: 'JWT certificate',
        status: 'warn',
        detail: `${fingerprint}… expires on ${certificate.expiresOn} (in ${days} days): migrate with \`acs migrate jwt-to-oauth\``,
      };
    return {
      check: 'JWT certificate',
      status: 'ok',
      detail: `${fingerprint}… valid until ${certificate.expiresOn}`,
    };
  });
}

function short(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint = hintFor(error);
  return hint ? `${message} → ${hint}` : message;
}

/**
 * Checks, in order: the configuration is complete (and where each value came from), JWT
 * certificates are not near expiry, IMS answers, a token is obtained, the tenant answers. Prints
 * the report and fails with the exit code of the first failing step.
 */
export async function runDoctor(session: Session): Promise<void> {
  const checks: Check[] = [];
  let failure: unknown;
  const fail = (check: string, error: unknown) => {
    checks.push({ check, status: 'fail', detail: short(error) });
    failure ??= error;
  };

  const settings = await session.settings();
  for (const key of SETTING_KEYS) {
    const value = settings.values.get(key.env);
    if (value)
      checks.push({
        check: key.env,
        status: 'ok',
        detail: `${key.secret ? '(set, hidden)' : value.value}  from ${value.origin}`,
      });
  }
  const kind =
    session.options.auth === 'jwt' || session.options.auth === 'oauth'
      ? session.options.auth
      : detectAuthKind(settings.env);
  const loaded = loadCredentials(settings.env, describeSources(settings));
  let configured = false;
  if (!kind) {
    const error = await session.authKind().catch((e: unknown) => e);
    fail('configuration', error);
  } else {
    const check =
      kind === 'oauth'
        ? checkOAuthCredentials(loaded, loaded.source)
        : checkJwtCredentials(loaded, loaded.source);
    if (check.credentials) {
      configured = true;
      checks.push({
        check: 'configuration',
        status: 'ok',
        detail:
          kind === 'oauth'
            ? 'OAuth Server-to-Server'
            : 'JWT service account (legacy: migrate with `acs migrate jwt-to-oauth`)',
      });
    } else {
      checks.push({
        check: 'configuration',
        status: 'fail',
        detail: check.issues.map((issue) => `${issue.field} ${issue.problem}`).join('; '),
      });
      failure ??= Object.assign(new Error('configuration incomplete'), { code: 'ERR_CONFIGURATION' });
    }
    for (const note of check.notes)
      checks.push({ check: 'note', status: 'warn', detail: `${note.field} ${note.problem}` });
    if (!settings.env['ACS_TENANT'])
      checks.push({
        check: 'ACS_TENANT',
        status: 'fail',
        detail: 'missing: set the tenant (the <ORGANIZATION> of https://mc.adobe.io/<ORGANIZATION>/campaign)',
      });
  }

  if (settings.credentialsFile) {
    try {
      checks.push(...certificateChecks(readConsoleCredentials(settings.credentialsFile).certificates ?? []));
    } catch {
      // already reported by the configuration step
    }
  }

  const imsUrl = settings.env['ACS_IMS_URL'] ?? DEFAULT_IMS_URL;
  try {
    const response = await session.fetch(imsUrl, { method: 'GET', signal: AbortSignal.timeout(10_000) });
    await response.body?.cancel();
    checks.push({ check: 'IMS reachable', status: 'ok', detail: `${imsUrl} answered ${response.status}` });
  } catch (error) {
    checks.push({ check: 'IMS reachable', status: 'fail', detail: `${imsUrl}: ${(error as Error).message}` });
    failure ??= Object.assign(new Error(`IMS unreachable`), { code: 'ERR_NETWORK' });
  }

  let tokenOk = false;
  if (configured && kind) {
    try {
      const token = await (await session.strategy(kind)).getToken({ forceRefresh: true });
      tokenOk = true;
      checks.push({
        check: 'token',
        status: 'ok',
        detail: `${kind === 'oauth' ? 'OAuth Server-to-Server' : 'JWT'} token valid until ${new Date(token.expiresOnTimestamp).toISOString()}`,
      });
    } catch (error) {
      fail('token', error);
    }
  } else checks.push({ check: 'token', status: 'skip', detail: 'configuration incomplete' });

  if (tokenOk && settings.env['ACS_TENANT']) {
    try {
      const api = await session.campaign();
      await api.call('GET', '/profileAndServices/profile', { query: { _lineCount: 1 } });
      checks.push({ check: 'tenant', status: 'ok', detail: `"${settings.env['ACS_TENANT']}" answers` });
    } catch (error) {
      fail('tenant', error);
    }
  } else
    checks.push({ check: 'tenant', status: 'skip', detail: tokenOk ? 'no tenant configured' : 'no token' });

  await writeList(
    { ...session.output(['check', 'status', 'detail']), maxCell: 100 },
    (async function* () {
      yield checks;
    })(),
  );
  if (failure !== undefined) {
    const failed = checks.filter((c) => c.status === 'fail').map((c) => c.check);
    const kind = KIND_BY_EXIT[exitCodeFor(failure)] ?? 'configuration';
    throw new CliError(
      kind,
      `${failed.length} check(s) failed: ${failed.join(', ')}`,
      'See the report above for what to fix.',
    );
  }
}

const KIND_BY_EXIT: Partial<Record<number, CliErrorKind>> = {
  [EXIT_CODES.configuration]: 'configuration',
  [EXIT_CODES.authentication]: 'authentication',
  [EXIT_CODES.api]: 'api',
  [EXIT_CODES.network]: 'network',
  [EXIT_CODES.notFound]: 'notFound',
};

/** `acs doctor`. */
export function registerDoctorCommand(program: Command, run: ActionRunner): void {
  program
    .command('doctor')
    .description('check the configuration, IMS, the token and the tenant, with hints for each failure')
    .addHelpText(
      'after',
      '\nExamples:\n  $ acs doctor\n  $ acs doctor --profile stage --output json\n  $ acs doctor --auth jwt',
    )
    .action(run(async (session) => runDoctor(session)));
}
