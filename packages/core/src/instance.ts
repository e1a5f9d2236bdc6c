import { ConfigurationError, type ConfigurationIssue } from './errors.js';
import { ownProperties } from './own-properties.js';

/** Which Campaign Standard instance of a tenant: production, or the `-mkt-stage` one. */
export type CampaignEnvironment = 'production' | 'stage';

/** The gateway every Campaign Standard call goes through. */
export const DEFAULT_CAMPAIGN_BASE_URL = 'https://mc.adobe.io';

const STAGE_SUFFIX = '-mkt-stage';
const ENVIRONMENTS: readonly CampaignEnvironment[] = ['production', 'stage'];

/** Input of {@link resolveInstance}. */
export interface ResolveInstanceOptions {
  /** The tenant (the `<ORGANIZATION>` of the API URL), e.g. `acme`; `acme-mkt-stage` names stage. */
  tenant: string;
  /** `production` (default) or `stage`. */
  environment?: CampaignEnvironment | undefined;
  /** The gateway origin, `https://mc.adobe.io` by default (the emulator's URL in tests). */
  baseUrl?: string | undefined;
}

/** A resolved Campaign Standard instance. */
export interface CampaignInstance {
  /** The tenant without the stage suffix, e.g. `acme`. */
  tenant: string;
  /** Which instance. */
  environment: CampaignEnvironment;
  /** The path segment in URLs: `acme` or `acme-mkt-stage`. */
  tenantPath: string;
  /** Base of every call: `https://mc.adobe.io/<tenantPath>/campaign`. */
  baseUrl: string;
  /** The origin the token may be sent to. */
  origin: string;
}

/**
 * Turns a tenant and an environment into the instance's base URL. Rejects, with every problem at
 * once, what would send a request somewhere unintended: an empty tenant, characters that change
 * the URL, an unknown environment, or a stage tenant asked for as production.
 */
export function resolveInstance(input: ResolveInstanceOptions): CampaignInstance {
  const options = ownProperties(input);
  const issues: ConfigurationIssue[] = [];
  const rawTenant = typeof options.tenant === 'string' ? options.tenant : '';
  const tenantInput = rawTenant.trim();
  const environmentInput = options.environment ?? 'production';

  if (tenantInput === '') {
    issues.push({
      field: 'tenant',
      problem: 'is missing: give the <ORGANIZATION> part of https://mc.adobe.io/<ORGANIZATION>/campaign',
    });
  } else if (tenantInput !== rawTenant || /[\s/?#%\\@:]/.test(tenantInput) || tenantInput.includes('..')) {
    issues.push({
      field: 'tenant',
      problem: `"${rawTenant}" contains characters that would change the URL (spaces, / ? # % \\ @ : or ..): give the bare tenant id, e.g. "acme"`,
    });
  } else if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(tenantInput)) {
    issues.push({
      field: 'tenant',
      problem: `"${rawTenant}" is not a tenant id: use letters, digits, "-", "_" and "."`,
    });
  }

  if (!ENVIRONMENTS.includes(environmentInput)) {
    issues.push({
      field: 'environment',
      problem: `"${String(environmentInput)}" is not one of: ${ENVIRONMENTS.join(', ')}`,
    });
  }

  const isStageTenant = tenantInput.toLowerCase().endsWith(STAGE_SUFFIX);
  if (isStageTenant && options.environment === 'production') {
    issues.push({
      field: 'environment',
      problem: `is "production" but tenant "${tenantInput}" names the stage instance: drop "${STAGE_SUFFIX}" or use environment "stage"`,
    });
  }
  if (isStageTenant && tenantInput.length === STAGE_SUFFIX.length) {
    issues.push({ field: 'tenant', problem: `"${tenantInput}" has no tenant id before "${STAGE_SUFFIX}"` });
  }

  let origin = '';
  let prefix = '';
  try {
    const url = new URL(options.baseUrl ?? DEFAULT_CAMPAIGN_BASE_URL);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      issues.push({
        field: 'baseUrl',
        problem: `must use https (http is allowed for loopback only): ${url.origin}`,
      });
    }
    if (url.search || url.hash || url.username || url.password) {
      issues.push({ field: 'baseUrl', problem: 'must not carry credentials, a query or a fragment' });
    }
    origin = url.origin;
    prefix = url.pathname.replace(/\/+$/, '');
  } catch {
    issues.push({ field: 'baseUrl', problem: `"${options.baseUrl}" is not a URL` });
  }

  if (issues.length > 0) throw new ConfigurationError(issues, 'Campaign instance');

  const tenant = isStageTenant ? tenantInput.slice(0, -STAGE_SUFFIX.length) : tenantInput;
  const environment: CampaignEnvironment = isStageTenant ? 'stage' : environmentInput;
  const tenantPath = environment === 'stage' ? `${tenant}${STAGE_SUFFIX}` : tenant;
  return { tenant, environment, tenantPath, baseUrl: `${origin}${prefix}/${tenantPath}/campaign`, origin };
}

/** True for `localhost`, `127.0.0.0/8` and `[::1]`: the only hosts where plain http is accepted. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
