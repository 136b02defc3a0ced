import { createSecretKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { AppError } from '#libs/errors';
import { tokenClaimsSchema, type Actor } from './actor.js';

export interface TokenSettings {
  secret: string;
  audience: string;
  issuer: string;
  /** Lifetime in seconds. */
  ttlSeconds?: number;
}

const ALGORITHM = 'HS256';
/** Tokens verified recently, kept until they expire: a caller sends the same token many times. */
const VERIFIED_CACHE_SIZE = 10_000;
const BEARER = /^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/**
 * Signs (gateway) and verifies (every service) short-lived access tokens; only HS256 is accepted.
 * Every HTTP request and every RPC checks one, and a caller sends the same token many times: a token
 * verified once (by jsonwebtoken: signature, algorithm, audience, issuer, times) is remembered by its
 * exact text until it expires, so the next request costs a map lookup.
 */
export class TokenService {
  private readonly jwt: JwtService;
  private readonly verified = new Map<string, { actor: Readonly<Actor>; expiresAt: number }>();

  constructor(private readonly settings: TokenSettings) {
    // A key object made once: given a string, jsonwebtoken re-parses it as a PEM key on every call.
    this.jwt = new JwtService({ secret: createSecretKey(Buffer.from(settings.secret, 'utf8')) });
  }

  sign(actor: Actor): { token: string; expiresIn: number } {
    const expiresIn = this.settings.ttlSeconds ?? 900;
    const token = this.jwt.sign(
      { role: actor.role, org: actor.orgId },
      {
        algorithm: ALGORITHM,
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
    if (!token) return undefined;
    try {
      const claims: unknown = this.jwt.verify(token, {
        algorithms: [ALGORITHM],
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
