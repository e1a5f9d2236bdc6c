import type { RequestContext } from '../context.js';
import { sendText } from '../http.js';

export interface CampaignOptions {
  tenants: string[];
  seed: number;
  profiles: number;
}

export class Campaign {
  readonly #tenants: Set<string>;
  constructor(options: CampaignOptions) {
    this.#tenants = new Set(options.tenants.flatMap((t) => [t, `${t}-mkt-stage`]));
  }
  has(tenant: string): boolean {
    return this.#tenants.has(tenant);
  }
  async handle(ctx: RequestContext, _tenant: string, _origin: string): Promise<void> {
    sendText(ctx.res, 404, 'RST-360011 not implemented');
  }
}
