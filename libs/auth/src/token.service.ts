import { JwtService } from '@nestjs/jwt';
import { type PublicKeySet, type SigningKey, TOKEN_ALGORITHM } from '#libs/config';
import { AppError } from '#libs/errors';
import { tokenClaimsSchema, type Actor } from './actor.js';

export interface TokenSettings {
  /** Verification keys by key id: every service has them. */
  publicKeys: PublicKeySet;
  /** The private key, in the gateway only: a service without it cannot mint a token. */
  signingKey?: SigningKey;
  audience: string;
  issuer: string;
  /** Lifetime in seconds. */
  ttlSeconds?: number;
}

/** Tokens verified recently, kept until they expire: a caller sends the same token many times. */
const VERIFIED_CACHE_SIZE = 10_000;
const BEARER = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/**
 * Signs (gateway) and verifies (every service) short-lived access tokens; only ES256 under a listed
 * key id is accepted.
 * Every HTTP request and every RPC checks one, and a caller sends the same token many times: a token
 * verified once (by jsonwebtoken: signature, algorithm, audience, issuer, times) is remembered by its
 * exact text until it expires, so the next request costs a map lookup.
 */
export class TokenService {
  private readonly jwt: JwtService;
  private readonly verified = new Map<string, { actor: Readonly<Actor>; expiresAt: number }>();

  constructor(private readonly settings: TokenSettings) {
    this.jwt = new JwtService({});
  }

  sign(actor: Actor): { token: string; expiresIn: number } {
    const signing = this.settings.signingKey;
    if (!signing) throw new Error('this service holds no signing key: only the gateway signs tokens');
    const expiresIn = this.settings.ttlSeconds ?? 900;
    const token = this.jwt.sign(
      { role: actor.role, org: actor.orgId },
      {
        privateKey: signing.key as unknown as string,
        keyid: signing.kid,
        algorithm: TOKEN_ALGORITHM,
        subject: actor.userId,
        audience: this.settings.audience,
        issuer: this.settings.issuer,
        expiresIn,
      },
    );
    return { token, expiresIn };
  }

  /** Accepts `Bearer <jwt>`; anything else is a 401. */
  verify(authorization: string | undefined): Actor {
    if (!authorization?.match(/^Bearer\s+\S+$/i)) throw AppError.unauthorized();
    const known = this.verified.get(authorization);
    if (known && Date.now() < known.expiresAt) return known.actor;
    if (known) this.verified.delete(authorization);
    const claims = this.verifiedClaims(authorization);
    if (claims === 'expired') throw AppError.unauthorized('the access token has expired; sign in again');
    const parsed = tokenClaimsSchema.safeParse(claims);
    if (!parsed.success || !claims) throw AppError.unauthorized('the access token is invalid');
    const actor = Object.freeze({ userId: parsed.data.sub, role: parsed.data.role, orgId: parsed.data.org });
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(authorization, { actor, expiresAt: (claims.exp as number) * 1000 });
    return actor;
  }

  /** The token's claims when its signature, algorithm, audience, issuer and times check out. */
  private verifiedClaims(authorization: string): Record<string, unknown> | 'expired' | undefined {
    const token = BEARER.exec(authorization)?.[1];
    const key = token && this.settings.publicKeys.get(kidOf(token) ?? '');
    if (!token || !key) return undefined;
    try {
      const claims: unknown = this.jwt.verify(token, {
        publicKey: key as unknown as string,
        algorithms: [TOKEN_ALGORITHM],
        audience: this.settings.audience,
        issuer: this.settings.issuer,
      });
      return claims !== null && typeof claims === 'object' && typeof (claims as { exp?: unknown }).exp === 'number'
        ? (claims as Record<string, unknown>)
        : undefined;
    } catch (error) {
      return (error as Error).name === 'TokenExpiredError' ? 'expired' : undefined;
    }
  }
}

/** The key id in a token's header; the header is only read here, trusted after the signature checks out. */
function kidOf(token: string): string | undefined {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, token.indexOf('.')), 'base64url').toString());
    const kid = (header as { kid?: unknown } | null)?.kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}
