// Compiled by `pnpm typecheck` (never run): the factory's and loaders' option types, and the
// JWT -> OAuth swap. Each `@ts-expect-error` fails the typecheck if the line below it compiles.
import * as oauth from '@campaign-standard/auth-oauth';
import {
  type AuthStrategy,
  type AuthStrategyKind,
  createMemoryTokenStore,
  type EnvironmentVariables,
} from '@campaign-standard/core';
import * as jwt from '../src/index.js';
import {
  createJwtAuth,
  type fromConsoleCredentials,
  type fromEnvironment,
  type JWT_KIND,
  type JwtAuth,
} from '../src/index.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

const credential = {
  clientId: 'id',
  clientSecret: 'p8e-secret',
  orgId: 'ORG@AdobeOrg',
  technicalAccountId: 'TA@techacct.adobe.com',
  metascopes: ['ent_campaign_sdk'],
};

export function factory(pem: string): AuthStrategy[] {
  const auth = createJwtAuth({ ...credential, privateKey: pem });
  assertType<Equals<typeof auth, JwtAuth>>();
  assertType<Equals<JwtAuth['kind'], 'jwt'>>();
  assertType<Equals<typeof JWT_KIND, 'jwt'>>();
  assertType<JwtAuth['kind'] extends AuthStrategyKind ? true : false>();
  const fromFile = createJwtAuth({
    ...credential,
    metascopes: 'ent_campaign_sdk',
    privateKeyFile: './private.key',
    passphrase: 'horse',
    store: createMemoryTokenStore(),
    jwtLifetimeSeconds: 300,
    quietDeprecation: true,
  });
  return [auth, fromFile];
}

export function oauthOptionsAreTypeErrors(pem: string): void {
  // @ts-expect-error: scopes is an OAuth option (JWT has metascopes)
  createJwtAuth({ ...credential, privateKey: pem, scopes: ['openid'] });
  // @ts-expect-error: the technical account is required
  createJwtAuth({ clientId: 'id', clientSecret: 's', orgId: 'O@AdobeOrg', metascopes: 'm', privateKey: pem });
  // @ts-expect-error: metascopes are required
  createJwtAuth({
    clientId: 'id',
    clientSecret: 's',
    orgId: 'O@AdobeOrg',
    technicalAccountId: 'T',
    privateKey: pem,
  });
}

// The swap: both packages' loaders take the same arguments, so moving from JWT to OAuth changes
// the import specifier, not the call.
assertType<Equals<Parameters<typeof fromEnvironment>[0], EnvironmentVariables | undefined>>();
assertType<Equals<Parameters<typeof fromEnvironment>[0], Parameters<typeof oauth.fromEnvironment>[0]>>();
assertType<
  Equals<Parameters<typeof fromConsoleCredentials>[0], Parameters<typeof oauth.fromConsoleCredentials>[0]>
>();
assertType<
  Equals<Parameters<typeof fromEnvironment>['length'], Parameters<typeof oauth.fromEnvironment>['length']>
>();
assertType<
  Equals<
    Parameters<typeof fromConsoleCredentials>['length'],
    Parameters<typeof oauth.fromConsoleCredentials>['length']
  >
>();
/** The runtime options every strategy takes, with the same types in both packages. */
type Shared = 'fetch' | 'store' | 'refreshWindowMs' | 'retry' | 'userAgent';
assertType<Equals<Pick<jwt.JwtRuntimeOptions, Shared>, Pick<oauth.OAuthRuntimeOptions, Shared>>>();
assertType<Equals<ReturnType<typeof fromEnvironment>, JwtAuth>>();
assertType<Equals<ReturnType<typeof fromConsoleCredentials>, JwtAuth>>();

/** One call site, compiled against either package: what a migrating program writes once. */
type Loaders = Pick<typeof jwt, 'fromEnvironment' | 'fromConsoleCredentials'>;
export function callSite(strategy: Loaders | Pick<typeof oauth, keyof Loaders>): AuthStrategy[] {
  const store = createMemoryTokenStore();
  return [
    strategy.fromEnvironment(),
    strategy.fromEnvironment({ ACS_TENANT: 'acme' }, { store, retry: false, refreshWindowMs: 60_000 }),
    strategy.fromConsoleCredentials('./console.json', { store, imsUrl: 'http://127.0.0.1:1/ims' }),
    strategy.fromConsoleCredentials({ project: {} }),
  ];
}
export const both: Array<Loaders | Pick<typeof oauth, keyof Loaders>> = [jwt, oauth];
