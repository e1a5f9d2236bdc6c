import { type KeyObject, randomBytes } from 'node:crypto';
import { compactVerify, SignJWT } from 'jose';

/** The claims of an access token minted by the emulator (those of a real IMS token). */
export interface AccessTokenClaims {
  id: string;
  type: 'access_token';
  client_id: string;
  user_id: string;
  as: string;
  scope: string;
  /** Epoch milliseconds, as a string, like IMS. */
  created_at: string;
  /** Milliseconds, as a string, like IMS. */
  expires_in: string;
}

/** Why a token is refused. */
export type TokenRejection = 'malformed' | 'foreign' | 'expired' | 'revoked';

const HEADER = { alg: 'RS256', x5u: 'ims_na1-key-at-1.cer', kid: 'ims_na1-key-at-1' } as const;
const CACHE_LIMIT = 10_000;

/**
 * Mints IMS-shaped access tokens signed by a key made at start-up, and checks them statelessly
 * (signature and claims); the only state is the list of tokens expired or revoked on request.
 */
export class TokenAuthority {
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #verified = new Map<string, AccessTokenClaims>();
  readonly #issued = new Set<string>();
  readonly #invalidated = new Map<string, 'expired' | 'revoked'>();

  constructor(privateKey: KeyObject, publicKey: KeyObject) {
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
  }

  /** Mints a token for a client. */
  async mint(input: {
    clientId: string;
    userId: string;
    scope: string;
    lifetimeMs: number;
    now: number;
  }): Promise<{ token: string; claims: AccessTokenClaims }> {
    const claims: AccessTokenClaims = {
      id: `${input.now}_${randomBytes(8).toString('hex')}_ue1`,
      type: 'access_token',
      client_id: input.clientId,
      user_id: input.userId,
      as: 'ims-na1',
      scope: input.scope,
      created_at: String(input.now),
      expires_in: String(input.lifetimeMs),
    };
    const token = await new SignJWT({ ...claims }).setProtectedHeader({ ...HEADER }).sign(this.#privateKey);
    this.#issued.add(claims.id);
    return { token, claims };
  }

  /** The claims of a valid token, or why it is refused. */
  async check(token: string, now: number): Promise<AccessTokenClaims | TokenRejection> {
    let claims = this.#verified.get(token);
    if (!claims) {
      const parts = token.split('.');
      if (parts.length !== 3) return 'malformed';
      try {
        const { payload } = await compactVerify(token, this.#publicKey, { algorithms: ['RS256'] });
        claims = JSON.parse(new TextDecoder().decode(payload)) as AccessTokenClaims;
      } catch {
        return 'foreign';
      }
      if (claims.type !== 'access_token' || typeof claims.client_id !== 'string') return 'malformed';
      if (this.#verified.size >= CACHE_LIMIT) this.#verified.clear();
      this.#verified.set(token, claims);
    }
    const invalidated = this.#invalidated.get(claims.id);
    if (invalidated) return invalidated;
    if (Number(claims.created_at) + Number(claims.expires_in) <= now) return 'expired';
    return claims;
  }

  /** Every token issued so far is from now on refused as `reason`. */
  invalidateAll(reason: 'expired' | 'revoked'): void {
    for (const id of this.#issued) this.#invalidated.set(id, reason);
    this.#issued.clear();
  }
}
