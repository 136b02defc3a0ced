import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SecondFactorController } from '../second-factor/second-factor.controller.js';
import { SecondFactor } from '../second-factor/second-factor.js';
import { TotpSecrets } from '../second-factor/totp-secrets.js';
import { AuthController } from './auth.controller.js';
import { CurrentUserGuard } from './current-user.guard.js';
import { LoginThrottle } from './login-throttle.js';
import { LoginUseCase } from './login.use-case.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokens } from './refresh-tokens.js';
import { Sessions } from './sessions.js';
import { UserAccess } from './user-access.js';

/**
 * Sign-in (password, then the second factor if the user has one) and sessions, and the guard that makes every gateway route require a token of a user who is
 * still enabled, with the role the token names, unless marked @Public.
 */
@Module({
  controllers: [AuthController, SecondFactorController],
  providers: [
    LoginUseCase,
    LoginThrottle,
    RefreshTokens,
    Sessions,
    UserAccess,
    PasswordHasher,
    SecondFactor,
    TotpSecrets,
    { provide: APP_GUARD, useClass: CurrentUserGuard },
  ],
  exports: [UserAccess, RefreshTokens, PasswordHasher, SecondFactor],
})
export class GatewayAuthModule {}
