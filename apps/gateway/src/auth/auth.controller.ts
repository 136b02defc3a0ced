import { Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Routes } from '#libs/contracts';
import { HttpRoute, type InputOf, RouteInput } from '../routes/http-route.js';
import { ThrottledError } from './login-throttle.js';
import { LoginUseCase } from './login.use-case.js';
import { Sessions } from './sessions.js';

const { GatewayLogin: Login, GatewayRefresh: Refresh, GatewayLogout: Logout } = Routes;

@Controller()
export class AuthController {
  constructor(
    private readonly login: LoginUseCase,
    private readonly sessions: Sessions,
  ) {}

  @HttpRoute(Login)
  async signIn(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @RouteInput(Login) body: InputOf<typeof Login>,
  ) {
    try {
      // request.ip is the peer, or with TRUST_PROXY the address the proxy in front reports.
      return await this.login.execute(body.username, body.password, request.ip, {
        totp: body.totp,
        recoveryCode: body.recoveryCode,
      });
    } catch (error) {
      if (error instanceof ThrottledError) void reply.header('retry-after', String(error.retryAfterSeconds));
      throw error;
    }
  }

  /** A new access token and the next refresh token; the one presented is used up. */
  @HttpRoute(Refresh)
  refresh(@RouteInput(Refresh) body: InputOf<typeof Refresh>) {
    return this.sessions.refresh(body.refreshToken);
  }

  /** Ends the session the refresh token belongs to; its access token lapses within its short lifetime. */
  @HttpRoute(Logout)
  async logout(@RouteInput(Logout) body: InputOf<typeof Logout>): Promise<void> {
    await this.sessions.end(body.refreshToken);
  }
}
