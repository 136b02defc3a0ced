import { Inject, Injectable } from '@nestjs/common';
import { TokenService } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import type { Role } from '#libs/contracts';
import type { GatewayConfig } from '../config.js';
import { RefreshTokens } from './refresh-tokens.js';

export interface SessionUser {
  id: string;
  username: string;
  role: string;
  orgId: string;
}

/** The answer to a sign-in or a refresh: a short-lived access token and the refresh token that renews it. */
@Injectable()
export class Sessions {
  constructor(
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokens,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async start(user: SessionUser) {
    return this.answer(user, await this.refreshTokens.issue(user.id));
  }

  async refresh(refreshToken: string) {
    const rotated = await this.refreshTokens.rotate(refreshToken);
    return this.answer(rotated.user, rotated.refreshToken);
  }

  end(refreshToken: string): Promise<void> {
    return this.refreshTokens.revoke(refreshToken);
  }

  private answer(user: SessionUser, refreshToken: string) {
    const { token, expiresIn } = this.tokens.sign({ userId: user.id, role: user.role as Role, orgId: user.orgId });
    return {
      accessToken: token,
      tokenType: 'Bearer',
      expiresIn,
      refreshToken,
      refreshExpiresIn: this.config.REFRESH_TTL_SECONDS,
      user: { id: user.id, username: user.username, role: user.role, orgId: user.orgId },
    };
  }
}
