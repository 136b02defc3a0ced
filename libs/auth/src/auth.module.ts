import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AuthGuard } from './auth.guard.js';
import { TokenService, type TokenSettings } from './token.service.js';

@Global()
@Module({})
export class AuthModule {
  static forRoot(settings: TokenSettings): DynamicModule {
    return {
      module: AuthModule,
      providers: [{ provide: TokenService, useValue: new TokenService(settings) }, AuthGuard],
      exports: [TokenService, AuthGuard],
    };
  }
}
