// Compiled by `pnpm typecheck` (never run): what a middleware may take and return. Each
// `@ts-expect-error` fails the build if the line below it compiles.
import type { AuthStrategy } from '@campaign-standard/core';
import {
  type CampaignClientOptions,
  createCampaignClient,
  type Middleware,
  type MiddlewareErrorParams,
  type MiddlewareParams,
  type MiddlewareResponseParams,
} from '../src/index.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

declare const auth: AuthStrategy;

assertType<Equals<MiddlewareParams['request'], Request>>();
assertType<Equals<MiddlewareParams['attempt'], number>>();
assertType<Equals<MiddlewareParams['id'], string>>();
assertType<Equals<MiddlewareResponseParams['response'], Response>>();
assertType<Equals<MiddlewareErrorParams['error'], Error>>();
assertType<Equals<CampaignClientOptions['middleware'], readonly Middleware[] | undefined>>();

// Callbacks that return nothing, sync or async, and ones that replace what they are given.
export const logging: Middleware = {
  onRequest({ request, attempt, id }) {
    console.log(id, attempt, request.url);
  },
  async onResponse({ response }) {
    await response.clone().text();
  },
  onError({ error }) {
    console.log(error.message);
  },
};
export const replacing: Middleware = {
  onRequest: ({ request }) => new Request(request, { headers: { 'x-trace': '1' } }),
  onResponse: async ({ response }) => (response.ok ? undefined : Response.json({ fallback: true })),
  onError: ({ error }) =>
    error.name === 'TimeoutError' ? Response.json({}) : new Error('wrapped', { cause: error }),
};
export const answering: Middleware = { onRequest: () => Response.json({ mocked: true }) };

createCampaignClient({ auth, tenant: 'acme', middleware: [logging, replacing, answering] });
createCampaignClient({ auth, tenant: 'acme', middleware: [] as const });

// @ts-expect-error: onRequest may not return a string
export const badRequest: Middleware = { onRequest: () => 'https://elsewhere.example' };
// @ts-expect-error: onResponse may not return a Request
export const badResponse: Middleware = { onResponse: ({ request }) => request };
// @ts-expect-error: onError may not return a string
export const badError: Middleware = { onError: () => 'ignored' };
// @ts-expect-error: onResponse is not told the error
export const noError: Middleware = { onResponse: ({ error }) => error };
