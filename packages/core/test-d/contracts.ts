// Compiled by `pnpm typecheck` (never run): the contracts other packages and users build on. Each
// `@ts-expect-error` fails the typecheck if the line below it compiles.
import {
  type AccessToken,
  type AuthStrategy,
  type AuthStrategyKind,
  type CampaignEnvironment,
  type CampaignInstance,
  type CampaignSdkError,
  ConfigurationError,
  type ErrorCode,
  type ImsError,
  isCampaignSdkError,
  type PaginationError,
  resolveInstance,
  type StoredToken,
  type TokenLock,
  type TokenStore,
} from '../src/index.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

const token: AccessToken = { token: 't', tokenType: 'bearer', expiresOnTimestamp: 0 };

// AuthStrategy.kind: the two known kinds stay literal members (editors complete them), and any
// other string still compiles, so custom strategies are not broken by the union.
assertType<Equals<Extract<AuthStrategyKind, 'oauth-server-to-server'>, 'oauth-server-to-server'>>();
assertType<Equals<Extract<AuthStrategyKind, 'jwt'>, 'jwt'>>();
assertType<Equals<AuthStrategy['kind'], AuthStrategyKind>>();
assertType<string extends AuthStrategyKind ? true : false>();
assertType<AuthStrategyKind extends string ? true : false>();

/** A custom strategy, as users write them: a kind of its own, a synchronous invalidate. */
export const custom: AuthStrategy = {
  kind: 'api-gateway-token',
  clientId: 'id',
  orgId: 'org@AdobeOrg',
  getToken: async () => token,
  invalidate: () => undefined,
};

/** A class with a kind from a variable of type string, and an asynchronous invalidate. */
export class FromVault implements AuthStrategy {
  readonly clientId = 'id';
  readonly orgId = 'org@AdobeOrg';
  constructor(readonly kind: string) {}
  async getToken(options?: { signal?: AbortSignal; forceRefresh?: boolean }): Promise<AccessToken> {
    options?.signal?.throwIfAborted();
    return token;
  }
  async invalidate(_rejectedToken?: string): Promise<void> {}
}

export function strategies(strategy: AuthStrategy): void {
  const kind: string = strategy.kind;
  void kind;
  // @ts-expect-error: kind is readonly
  strategy.kind = 'jwt';
  const missingGetToken = {
    kind: 'jwt',
    clientId: 'id',
    orgId: 'org@AdobeOrg',
    invalidate: () => undefined,
  };
  // @ts-expect-error: getToken is required
  const broken: AuthStrategy = missingGetToken;
  void broken;
  // @ts-expect-error: getToken resolves to an AccessToken, not a string
  const plainToken: AuthStrategy = { ...custom, getToken: async () => 'eyJ' };
  void plainToken;
  // @ts-expect-error: the token type is always 'bearer'
  const mac: AccessToken = { token: 't', tokenType: 'mac', expiresOnTimestamp: 0 };
  void mac;
}

// TokenStore: synchronous or asynchronous methods, `acquire` optional.
const entries = new Map<string, StoredToken>();
export const syncStore: TokenStore = {
  get: (key) => entries.get(key),
  set: (key, value) => {
    entries.set(key, value);
  },
  delete: (key) => {
    entries.delete(key);
  },
};
export const asyncStore: TokenStore = {
  get: async (key) => entries.get(key),
  set: async (key, value) => {
    entries.set(key, value);
  },
  delete: async (key) => {
    entries.delete(key);
  },
  acquire: async (_key, _ttlMs): Promise<TokenLock | undefined> => ({ release: () => undefined }),
};
assertType<Equals<Parameters<TokenStore['set']>[1], StoredToken>>();
assertType<Equals<Awaited<ReturnType<TokenStore['get']>>, StoredToken | undefined>>();
assertType<undefined extends TokenStore['acquire'] ? true : false>();

export const wrongStores: TokenStore[] = [
  // @ts-expect-error: get must give a StoredToken, not the token text
  { ...syncStore, get: (key: string) => key },
  // @ts-expect-error: delete is required
  { get: syncStore.get, set: syncStore.set },
  // @ts-expect-error: acquire resolves to a lock or undefined, not a boolean
  { ...syncStore, acquire: async () => true },
];

// Errors: `code` is the closed union of ErrorCode, narrowed by isCampaignSdkError.
assertType<
  Equals<
    ErrorCode,
    | 'ERR_CONFIGURATION'
    | 'ERR_IMS'
    | 'ERR_API'
    | 'ERR_TENANT_URI'
    | 'ERR_NETWORK'
    | 'ERR_TIMEOUT'
    | 'ERR_ABORTED'
    | 'ERR_UNEXPECTED_RESPONSE'
    | 'ERR_FOREIGN_ORIGIN'
    | 'ERR_OUTCOME_UNKNOWN'
    | 'ERR_PRIVATE_KEY'
    | 'ERR_PAGINATION'
    | 'ERR_UNSAFE_FILE'
    | 'ERR_UNAVAILABLE_API'
  >
>();
assertType<Equals<CampaignSdkError['code'], ErrorCode>>();
assertType<ConfigurationError extends CampaignSdkError ? true : false>();
assertType<ImsError extends CampaignSdkError ? true : false>();
assertType<PaginationError extends CampaignSdkError ? true : false>();

export function errors(thrown: unknown): ErrorCode | undefined {
  if (isCampaignSdkError(thrown, 'ERR_IMS')) {
    assertType<Equals<typeof thrown, CampaignSdkError>>();
    // @ts-expect-error: not an error code (codes are ERR_ and upper case)
    if (thrown.code === 'ERR_Ims') return undefined;
    return thrown.code;
  }
  if (thrown instanceof ConfigurationError) return thrown.code;
  // @ts-expect-error: not an error code
  isCampaignSdkError(thrown, 'ERR_SOMETHING');
  return undefined;
}

// resolveInstance: a tenant and an optional environment (production | stage) and base URL.
export function instances(): CampaignInstance[] {
  const production = resolveInstance({ tenant: 'acme' });
  const stage = resolveInstance({ tenant: 'acme', environment: 'stage', baseUrl: 'http://127.0.0.1:1' });
  assertType<Equals<typeof production, CampaignInstance>>();
  assertType<Equals<CampaignInstance['environment'], CampaignEnvironment>>();
  assertType<Equals<CampaignEnvironment, 'production' | 'stage'>>();
  const urls: string[] = [stage.baseUrl, stage.origin, stage.tenantPath, stage.tenant];
  void urls;
  // @ts-expect-error: the tenant is required
  resolveInstance({ environment: 'stage' });
  // @ts-expect-error: not an environment
  resolveInstance({ tenant: 'acme', environment: 'prod' });
  // @ts-expect-error: a tenant is a string
  resolveInstance({ tenant: 42 });
  return [production, stage];
}
