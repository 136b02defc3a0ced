import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Public } from '#libs/auth';
import { text } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { ThrottledError } from './login-throttle.js';
import { LoginUseCase } from './login.use-case.js';
import { Sessions } from './sessions.js';

const loginRequest = z.strictObject({
  username: text(64),
  password: z.string().min(1).max(200),
});

const refreshRequest = z.strictObject({ refreshToken: z.string().min(1).max(200) });
type RefreshRequest = z.infer<typeof refreshRequest>;

@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly login: LoginUseCase,
    private readonly sessions: Sessions,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  async signIn(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body(new ZodValidationPipe(loginRequest)) body: z.infer<typeof loginRequest>,
  ) {
    try {
      // request.ip is the peer, or with TRUST_PROXY the address the proxy in front reports.
      return await this.login.execute(body.username, body.password, request.ip);
    } catch (error) {
      if (error instanceof ThrottledError) void reply.header('retry-after', String(error.retryAfterSeconds));
      throw error;
    }
  }

  /** A new access token and the next refresh token; the one presented is used up. */
  @Post('refresh')
  @Public()
  @HttpCode(200)
  refresh(@Body(new ZodValidationPipe(refreshRequest)) body: RefreshRequest) {
    return this.sessions.refresh(body.refreshToken);
  }

  /** Ends the session the refresh token belongs to; its access token lapses within its short lifetime. */
  @Post('logout')
  @Public()
  @HttpCode(204)
  async logout(@Body(new ZodValidationPipe(refreshRequest)) body: RefreshRequest): Promise<void> {
    await this.sessions.end(body.refreshToken);
  }
}
