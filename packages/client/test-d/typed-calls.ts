// Compiled by `pnpm typecheck` (never run): the typed calls accept what the spec describes and
// reject the rest. Each `@ts-expect-error` fails the build if the line below it compiles.
import type { AuthStrategy } from '@campaign-standard/core';
import { type CampaignClient, createCampaignClient, type Profile } from '../src/index.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

declare const auth: AuthStrategy;
const client: CampaignClient = createCampaignClient({ auth, tenant: 'acme' });

export async function valid(): Promise<void> {
  const one = await client.GET('/profileAndServices/profile/{PKey}', { params: { path: { PKey: '@a' } } });
  if (one.data) assertType<Equals<typeof one.data, Profile>>();

  const page = await client.GET('/profileAndServices/profile', { params: { query: { _lineCount: 10 } } });
  if (page.data) {
    const first: Profile | undefined = page.data.content[0];
    const next: string | undefined = page.data.next?.href;
    void first;
    void next;
  }
  await client.GET('/profileAndServices/profile');
  await client.GET('/profileAndServices/profile/byEmail', { params: { query: { email: 'a@b.c' } } });

  const created = await client.POST('/profileAndServices/profile', {
    body: { email: 'a@b.c', cusLoyalty: 3 },
  });
  if (created.data) {
    const pkey: string = created.data.PKey;
    void pkey;
  }
  await client.PATCH('/profileAndServices/profile/{PKey}', {
    params: { path: { PKey: '@a' } },
    body: { lastName: 'Doe' },
  });
  await client.DELETE('/profileAndServices/service/{PKey}/subscriptions/{subscriptionPKey}', {
    params: { path: { PKey: '@s', subscriptionPKey: '@x' } },
  });
  await client.POST('/workflow/execution/{workflowId}/commands', {
    params: { path: { workflowId: 'WKF1' } },
    body: { method: 'start' },
  });
  await client.POST('/mc{tenantName}/{eventId}', {
    params: { path: { tenantName: 'acme', eventId: 'EVTcart' } },
    body: { email: 'a@b.c', ctx: { amount: 1 } },
    retryNonIdempotent: true,
  });

  // helpers: typed options and records
  for await (const profile of client.profiles.list({
    filters: { byText: { text: 'jo' } },
    order: { field: 'email', direction: 'desc' },
  })) {
    assertType<Equals<typeof profile, Profile>>();
  }
}

export async function invalid(): Promise<void> {
  // @ts-expect-error: not a path of the spec
  await client.GET('/profileAndServices/profiles');
  // @ts-expect-error: no PUT on profiles
  await client.PUT?.('/profileAndServices/profile/{PKey}');
  // @ts-expect-error: the path parameter is missing
  await client.GET('/profileAndServices/profile/{PKey}');
  // @ts-expect-error: the path parameter is missing from params
  await client.GET('/profileAndServices/profile/{PKey}', { params: {} });
  // @ts-expect-error: wrong path parameter name
  await client.GET('/profileAndServices/profile/{PKey}', { params: { path: { pkey: '@a' } } });
  // @ts-expect-error: the required query parameter `email` is missing
  await client.GET('/profileAndServices/profile/byEmail');
  // @ts-expect-error: the body is required
  await client.POST('/profileAndServices/profile');
  // @ts-expect-error: wrong body type (email is a string)
  await client.POST('/profileAndServices/profile', { body: { email: 42 } });
  await client.PATCH('/profileAndServices/profile/{PKey}', {
    params: { path: { PKey: '@a' } },
    // @ts-expect-error: wrong body type (gender enumeration)
    body: { gender: 'other' },
  });
  await client.POST('/workflow/execution/{workflowId}/commands', {
    params: { path: { workflowId: 'W' } },
    // @ts-expect-error: not a workflow command
    body: { method: 'restart' },
  });
  await client.POST('/profileAndServices/profile/{PKey}/subscriptions', {
    params: { path: { PKey: '@a' } },
    // @ts-expect-error: the service must be a { PKey } reference
    body: { service: 'x' },
  });
  // @ts-expect-error: unknown built-in filter
  client.profiles.list({ filters: { byEmial: { email: 'x' } } });
  // @ts-expect-error: not a sort direction
  client.profiles.list({ order: { field: 'email', direction: 'down' } });
}
