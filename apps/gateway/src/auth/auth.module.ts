import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from '#libs/auth';
import { AuthController } from './auth.controller.js';
import { LoginThrottle } from './login-throttle.js';
import { LoginUseCase } from './login.use-case.js';

/** Sign-in, and the guard that makes every gateway route require a token unless marked @Public. */
@Module({
  controllers: [AuthController],
  providers: [LoginUseCase, LoginThrottle, { provide: APP_GUARD, useExisting: AuthGuard }],
})
export class GatewayAuthModule {}
