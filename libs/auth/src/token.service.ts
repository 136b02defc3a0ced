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

/** Signs (gateway) and verifies (every service) short-lived access tokens; only HS256 is accepted. */
export class TokenService {
  private readonly jwt: JwtService;

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

  /** Accepts `Bearer <jwt>` or a bare token; anything else is a 401. */
  verify(authorization: string | undefined): Actor {
    const token = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) throw AppError.unauthorized();
    let claims: unknown;
    try {
      claims = this.jwt.verify(token, {
        algorithms: [ALGORITHM],
        audience: this.settings.audience,
        issuer: this.settings.issuer,
      });
    } catch (error) {
      const expired = (error as Error).name === 'TokenExpiredError';
      throw AppError.unauthorized(
        expired ? 'the access token has expired; sign in again' : 'the access token is invalid',
      );
    }
    const parsed = tokenClaimsSchema.safeParse(claims);
    if (!parsed.success) throw AppError.unauthorized('the access token is invalid');
    return { userId: parsed.data.sub, role: parsed.data.role, orgId: parsed.data.org };
  }
}
