import {
  type CertificateExpiry,
  configurationErrorFor,
  DEFAULT_IMS_URL,
  NetworkError,
} from '@campaign-standard/core';
import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { CliError } from '../cli-error.js';
import { SETTING_KEYS } from '../config/keys.js';
import { failureKind } from '../exit-codes.js';
import { hintFor } from '../hints.js';
import { writeList } from '../output/format.js';
import type { Session } from '../session.js';

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
  const { credentials } = settings;
  for (const key of SETTING_KEYS) {
    const value = settings.values.get(key.env);
    if (value)
      checks.push({
        check: key.env,
        status: 'ok',
        detail: `${key.secret ? '(set, hidden)' : [value.value].flat().join(',')}  from ${value.origin}`,
      });
  }
  // the session's own decision (and its error when there is nothing to decide from)
  const kind = await session.authKind().catch((error: unknown) => {
    fail('configuration', error);
    return undefined;
  });
  let configured = false;
  if (kind) {
    // the very check the strategy is built from, so the report and the commands agree
    const check = await session.credentialsCheck(kind);
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
      failure ??= configurationErrorFor(check);
    }
    for (const note of check.notes)
      checks.push({ check: 'note', status: 'warn', detail: `${note.field} ${note.problem}` });
    if (!credentials.tenant)
      checks.push({
        check: 'ACS_TENANT',
        status: 'fail',
        detail: 'missing: set the tenant (the <ORGANIZATION> of https://mc.adobe.io/<ORGANIZATION>/campaign)',
      });
  }

  checks.push(...certificateChecks(settings.consoleCredentials?.certificates ?? []));

  const imsUrl = credentials.imsUrl ?? DEFAULT_IMS_URL;
  try {
    const response = await session.fetch(imsUrl, { method: 'GET', signal: AbortSignal.timeout(10_000) });
    await response.body?.cancel();
    checks.push({ check: 'IMS reachable', status: 'ok', detail: `${imsUrl} answered ${response.status}` });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    checks.push({ check: 'IMS reachable', status: 'fail', detail: `${imsUrl}: ${message}` });
    failure ??= new NetworkError(`Could not reach IMS at ${imsUrl}: ${message}`, {
      cause: error,
      url: imsUrl,
    });
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

  if (tokenOk && credentials.tenant) {
    try {
      const api = await session.campaign();
      await api.call('GET', '/profileAndServices/profile', { query: { _lineCount: 1 } });
      checks.push({ check: 'tenant', status: 'ok', detail: `"${credentials.tenant}" answers` });
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
    const kind = failureKind(failure);
    throw new CliError(
      kind === 'unexpected' ? 'configuration' : kind,
      `${failed.length} check(s) failed: ${failed.join(', ')}`,
      'See the report above for what to fix.',
    );
  }
}

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
