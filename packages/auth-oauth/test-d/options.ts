// Compiled by `pnpm typecheck` (never run): the factory's and loaders' option types. Each
// `@ts-expect-error` fails the typecheck if the line below it compiles.
import {
  type AuthStrategy,
  type AuthStrategyKind,
  createMemoryTokenStore,
  type EnvironmentVariables,
} from '@campaign-standard/core';
import {
  createOAuthServerToServerAuth,
  fromConsoleCredentials,
  fromEnvironment,
  type OAUTH_SERVER_TO_SERVER_KIND,
  type OAuthServerToServerAuth,
} from '../src/index.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

const credential = {
  clientId: 'id',
  clientSecret: 'p8e-secret',
  orgId: 'ORG@AdobeOrg',
  scopes: ['openid', 'AdobeID', 'campaign_sdk'],
};

export function factory(): AuthStrategy[] {
  const auth = createOAuthServerToServerAuth(credential);
  assertType<Equals<typeof auth, OAuthServerToServerAuth>>();
  assertType<Equals<OAuthServerToServerAuth['kind'], 'oauth-server-to-server'>>();
  assertType<Equals<typeof OAUTH_SERVER_TO_SERVER_KIND, 'oauth-server-to-server'>>();
  assertType<OAuthServerToServerAuth['kind'] extends AuthStrategyKind ? true : false>();
  const rotating = createOAuthServerToServerAuth({
    clientId: 'id',
    clientSecrets: ['p8e-old', 'p8e-new'],
    orgId: 'ORG@AdobeOrg',
    scopes: 'openid,AdobeID,campaign_sdk',
    imsUrl: 'https://ims-na1.adobelogin.com',
    store: createMemoryTokenStore(),
    refreshWindowMs: 60_000,
    retry: false,
  });
  return [auth, rotating];
}

export function jwtOptionsAreTypeErrors(pem: string): void {
  // @ts-expect-error: privateKey is a JWT option
  createOAuthServerToServerAuth({ ...credential, privateKey: pem });
  // @ts-expect-error: privateKeyFile is a JWT option
  createOAuthServerToServerAuth({ ...credential, privateKeyFile: './private.key' });
  // @ts-expect-error: passphrase is a JWT option
  createOAuthServerToServerAuth({ ...credential, passphrase: 'horse' });
  // @ts-expect-error: metascopes is a JWT option (OAuth has scopes)
  createOAuthServerToServerAuth({ ...credential, metascopes: ['ent_campaign_sdk'] });
  // @ts-expect-error: jwtLifetimeSeconds is a JWT option
  createOAuthServerToServerAuth({ ...credential, jwtLifetimeSeconds: 300 });
  // @ts-expect-error: scopes are required
  createOAuthServerToServerAuth({ clientId: 'id', clientSecret: 'p8e-secret', orgId: 'ORG@AdobeOrg' });
  // @ts-expect-error: the org id is required
  createOAuthServerToServerAuth({ clientId: 'id', clientSecret: 'p8e-secret', scopes: ['openid'] });
}

// The loaders take what auth-jwt's take (test-d/swap.ts there checks the two side by side).
assertType<Equals<Parameters<typeof fromEnvironment>[0], EnvironmentVariables | undefined>>();
assertType<Equals<Parameters<typeof fromConsoleCredentials>[0], string | object>>();
assertType<Equals<ReturnType<typeof fromEnvironment>, OAuthServerToServerAuth>>();
assertType<Equals<ReturnType<typeof fromConsoleCredentials>, OAuthServerToServerAuth>>();

export function loaders(): AuthStrategy[] {
  return [
    fromEnvironment(),
    fromEnvironment({ ACS_CLIENT_ID: 'id' }, { retry: false }),
    fromConsoleCredentials('./console.json'),
    fromConsoleCredentials({ project: {} }, { imsUrl: 'http://127.0.0.1:1/ims' }),
    // @ts-expect-error: the environment is a map of strings
    fromEnvironment({ ACS_CLIENT_ID: 1 }),
    // @ts-expect-error: a JWT option on the OAuth loader
    fromConsoleCredentials('./console.json', { privateKeyFile: './private.key' }),
  ];
}
