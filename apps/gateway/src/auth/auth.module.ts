import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from '#libs/auth';
import { AuthController } from './auth.controller.js';
import { LoginUseCase } from './login.use-case.js';

/** Sign-in, and the guard that makes every gateway route require a token unless marked @Public. */
@Module({
  controllers: [AuthController],
  providers: [LoginUseCase, { provide: APP_GUARD, useExisting: AuthGuard }],
})
export class GatewayAuthModule {}
