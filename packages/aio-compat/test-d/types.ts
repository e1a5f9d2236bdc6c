// Compiled by `pnpm typecheck` (never run): the types Adobe's untyped library never had. Each
// `@ts-expect-error` fails the typecheck if the line below it compiles.

import type { Profile, Service } from '@campaign-standard/client';
import type { AuthStrategy } from '@campaign-standard/core';
import sdk, {
  type AioErrorCode,
  type AioList,
  type AioResponse,
  type CampaignStandardCoreAPI,
  CampaignStandardSDKError,
  init,
} from '../src/index.js';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(_value?: T): void => undefined;

declare const auth: AuthStrategy;

export async function compiles(): Promise<void> {
  // Adobe's three arguments, a strategy in the third, the client's options in a fourth.
  const fromToken: CampaignStandardCoreAPI = await init('acme', 'api-key', 'token');
  const campaign = await sdk.init('acme', '', auth, { environment: 'stage', retry: false });
  // @ts-expect-error the third argument is a token or an AuthStrategy
  await init('acme', 'api-key', { token: 'x' });
  // @ts-expect-error an option the client does not have
  await init('acme', '', auth, { baseURL: 'http://localhost' });

  const profile = await campaign.getProfile('@key');
  assertType<Equals<typeof profile, AioResponse<Profile>>>();
  const services = await fromToken.getAllServices({ filters: ['byChannel', 'byText'], channel: 'email' });
  assertType<Equals<typeof services.body, AioList<Service>>>();
  const email: string | undefined = profile.body.email;
  void email;
  // @ts-expect-error lineCount is a number
  await campaign.getAllProfiles({ lineCount: '10' });
  // @ts-expect-error updateProfile takes the key and the fields
  await campaign.updateProfile({ lastName: 'x' });
  const file: string = await campaign.getGDPRDataFile('href', 'PR1');
  const res: Response = await campaign.postDataToUrl('href', {});
  void file;
  void res;

  try {
    await campaign.getWorkflow('WKF1');
  } catch (error) {
    if (error instanceof CampaignStandardSDKError) {
      const code: AioErrorCode = error.code;
      const status: number | undefined = error.status;
      void code;
      void status;
      // @ts-expect-error codes are Adobe's
      const wrong: typeof error.code = 'ERR_API';
      void wrong;
    }
  }
}
