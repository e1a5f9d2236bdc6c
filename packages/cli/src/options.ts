import type { Command } from 'commander';

/** The options every command accepts (declared on the root `acs` command). */
export interface GlobalOptions {
  output?: string;
  verbose?: boolean;
  trace?: string;
  color?: boolean;
  progress?: boolean;
  sandbox?: boolean;
  profile?: string;
  credentials?: string;
  tenant?: string;
  environment?: string;
  clientId?: string;
  orgId?: string;
  scopes?: string;
  technicalAccountId?: string;
  metascopes?: string;
  imsUrl?: string;
  baseUrl?: string;
  auth?: string;
  timeout?: string;
}

/** Declares the global options on the root command. */
export function addGlobalOptions(program: Command): Command {
  return program
    .optionsGroup('Output:')
    .option(
      '-o, --output <format>',
      'json, ndjson, csv or table (default: table on a terminal, json otherwise)',
    )
    .option('-v, --verbose', 'show each HTTP exchange on stderr, secrets redacted')
    .option('--trace <file>', "write this run's OpenTelemetry spans to <file> (JSON lines), secrets redacted")
    .option('--no-color', 'no colours (NO_COLOR is honoured too)')
    .option('--no-progress', 'no progress bar on long exports')
    .optionsGroup('Connection (flags win over ACS_* variables, .env, the profile, then --credentials):')
    .option('--sandbox', 'run against an in-process emulator with seed data; nothing to configure')
    .option('-p, --profile <name>', 'named profile of the config file (ACS_PROFILE)')
    .option('--credentials <file>', 'a Developer Console credentials JSON (ACS_CREDENTIALS_FILE)')
    .option('--tenant <tenant>', 'tenant id, the <ORGANIZATION> of the API URL (ACS_TENANT)')
    .option('--environment <env>', 'production or stage (ACS_ENVIRONMENT)')
    .option('--client-id <id>', 'client id / API key (ACS_CLIENT_ID)')
    .option('--org-id <id>', 'IMS organization, …@AdobeOrg (ACS_ORG_ID)')
    .option('--scopes <list>', 'OAuth scopes, comma separated (ACS_SCOPES)')
    .option('--technical-account-id <id>', 'JWT technical account (ACS_TECHNICAL_ACCOUNT_ID)')
    .option('--metascopes <list>', 'JWT metascopes, comma separated (ACS_METASCOPES)')
    .option('--ims-url <url>', 'IMS host (ACS_IMS_URL)')
    .option('--base-url <url>', 'API gateway (ACS_BASE_URL)')
    .option('--auth <method>', 'oauth or jwt (default: OAuth when the configuration allows it)')
    .option('--timeout <seconds>', 'per-request time limit');
}

/** The `ACS_*` values given as flags. */
export function flagSettings(options: GlobalOptions): Record<string, string | undefined> {
  return {
    ACS_TENANT: options.tenant,
    ACS_ENVIRONMENT: options.environment,
    ACS_CLIENT_ID: options.clientId,
    ACS_ORG_ID: options.orgId,
    ACS_SCOPES: options.scopes,
    ACS_TECHNICAL_ACCOUNT_ID: options.technicalAccountId,
    ACS_METASCOPES: options.metascopes,
    ACS_IMS_URL: options.imsUrl,
    ACS_BASE_URL: options.baseUrl,
  };
}
