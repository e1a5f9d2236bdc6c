// How failures look: every SDK error has a stable `code`, a redacted message and, when the SDK
// knows one, a `hint`. This script provokes two on purpose: a tenant the gateway does not know,
// and a wrong client secret.
import { createOAuthServerToServerAuth, fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';
import { ApiError, ImsError, isCampaignSdkError } from '@campaign-standard/core';

export function describe(error: unknown): string {
  if (!isCampaignSdkError(error)) return `not an SDK error: ${String(error)}`;
  const lines = [`${error.code}: ${error.message}`];
  if (error instanceof ImsError) lines.push(`IMS error: ${error.error}, x-debug-id: ${error.debugId}`);
  if (error instanceof ApiError) lines.push(`status ${error.status}, error_code ${error.errorCode ?? '-'}`);
  if (error.hint) lines.push(`hint: ${error.hint}`);
  return lines.join('\n  ');
}

const baseUrl = process.env.ACS_BASE_URL;
const auth = fromEnvironment();

// 1. The gateway's 502 "Oops ... Check your URI": the tenant is wrong or has no CNAME.
const wrongTenant = createCampaignClient({ auth, tenant: 'no-such-tenant', baseUrl });
try {
  await wrongTenant.profiles.list({ pageSize: 1 }).pages().next();
} catch (error) {
  console.log(describe(error));
}

// 2. IMS refuses a wrong secret; the hint says where to find the right one.
const wrongSecret = createOAuthServerToServerAuth({
  clientId: auth.clientId,
  clientSecret: 'p8e-not-the-right-secret',
  orgId: auth.orgId,
  scopes: process.env.ACS_SCOPES ?? 'openid,AdobeID,campaign_sdk',
  imsUrl: process.env.ACS_IMS_URL,
  retry: false,
});
try {
  await wrongSecret.getToken();
} catch (error) {
  console.log(describe(error));
}
