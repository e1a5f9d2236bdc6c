import type { ConfigurationIssue } from './errors.js';

/** Complete OAuth Server-to-Server credentials, as {@link requireOAuthCredentials} returns them. */
export interface OAuthCredentials {
  /** The Developer Console client id (API key). */
  clientId: string;
  /** One or two client secrets; the second one exists while a secret is being rotated. */
  clientSecrets: string[];
  /** The IMS organization id, `…@AdobeOrg`. */
  orgId: string;
  /** The scopes shown on the credential's Scopes tab, e.g. `openid`, `AdobeID`, `campaign_sdk`. */
  scopes: string[];
  /** The technical account, `…@techacct.adobe.com` (informational for this flow). */
  technicalAccountId?: string;
  /** The technical account's e-mail (informational). */
  technicalAccountEmail?: string;
  /** The IMS origin; the `require…` functions always set it (`https://ims-na1.adobelogin.com` by default). */
  imsUrl?: string;
}

/**
 * The values of a legacy JWT (Service Account) credential, as the loaders read them; the JWT
 * checks (`checkJwtCredentials` in the JWT strategy package) make them complete.
 */
export interface JwtCredentials {
  /** The Developer Console client id (API key). */
  clientId: string;
  /** The credential's single client secret. */
  clientSecret: string;
  /** The IMS organization id, `…@AdobeOrg`; the JWT's `iss`. */
  orgId: string;
  /** The technical account, `…@techacct.adobe.com`; the JWT's `sub`. */
  technicalAccountId: string;
  /** The technical account's e-mail (informational). */
  technicalAccountEmail?: string;
  /** Metascopes, short (`ent_campaign_sdk`) or as full URLs. */
  metascopes: string[];
  /** The PEM private key text. Exactly one of `privateKey` and `privateKeyFile` is set. */
  privateKey?: string;
  /** A path to the PEM private key, read by the JWT strategy. */
  privateKeyFile?: string;
  /** The passphrase of an encrypted private key. */
  passphrase?: string;
  /** The IMS origin; the `require…` functions always set it (`https://ims-na1.adobelogin.com` by default). */
  imsUrl?: string;
}

/** A certificate attached to a JWT credential and the day it expires (from `PUBLIC_KEYS_WITH_EXPIRY`). */
export interface CertificateExpiry {
  /** The certificate fingerprint, as the Developer Console lists it. */
  fingerprint: string;
  /** The expiry date, `YYYY-MM-DD` when it could be read, else the text found. */
  expiresOn: string;
}

/** Where a set of loaded credentials came from, which decides how fields are named in messages. */
export type CredentialsFormat = 'environment' | 'options' | 'workspace' | 'credential' | 'aio-context';

/**
 * Credentials as read from one place (environment, Developer Console JSON, aio config), before
 * validation. Values are trimmed and lists are split, but nothing is checked yet: pass the result
 * to a strategy's `fromCredentials`, or to {@link checkOAuthCredentials}. Only values that were
 * given are present; defaults (IMS URL) are applied by the checks.
 */
export interface LoadedCredentials {
  /** Where the values were read, e.g. `environment`, `environment and ./creds.json`, a file path. */
  source: string;
  /** Which kind of source this is. */
  format: CredentialsFormat;
  /** OAuth Server-to-Server values found. */
  oauth?: Partial<OAuthCredentials>;
  /** JWT (Service Account) values found. */
  jwt?: Partial<JwtCredentials>;
  /** The Campaign tenant (`ACS_TENANT`). */
  tenant?: string;
  /** `production` or `stage` (`ACS_ENVIRONMENT`), as written. */
  environment?: string;
  /** The Campaign gateway origin (`ACS_BASE_URL`). */
  baseUrl?: string;
  /** The IMS origin (`ACS_IMS_URL`, or derived from an aio context's `env`). */
  imsUrl?: string;
  /** The JWT credential's certificates and their expiry dates, when the download lists them. */
  certificates?: CertificateExpiry[];
  /**
   * The name the user wrote for each value, keyed `oauth.clientId`, `jwt.privateKey`, `imsUrl`, …,
   * e.g. `ACS_CLIENT_ID` or `project.workspace.details.credentials[0].oauth_server_to_server.client_id`.
   */
  fieldNames: Record<string, string>;
  /** Values that were present but unreadable, keyed like {@link LoadedCredentials.fieldNames}. */
  issues: Array<
    ConfigurationIssue & {
      /** The value the issue is about, as a dotted key (`oauth.clientSecrets`, `jwt.privateKey`, `tenant`). */
      key: string;
    }
  >;
  /** Things worth telling the user that are not failures (e.g. `client_secret` where a list was expected). */
  notes: Array<
    ConfigurationIssue & {
      /** The value the note is about, as a dotted key (`jwt.clientSecret`). */
      key: string;
    }
  >;
}
