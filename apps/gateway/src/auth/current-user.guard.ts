import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { UserAccess } from './user-access.js';

/**
 * The gateway's guard on every route: the token (signature, expiry, @Roles) as everywhere, then the
 * user's current state in the directory (disabled, role changed), which only the gateway holds.
 */
@Injectable()
export class CurrentUserGuard implements CanActivate {
  constructor(
    private readonly auth: AuthGuard,
    private readonly access: UserAccess,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ actor?: Actor }>();
    try {
      if (!this.auth.canActivate(context)) return false;
    } catch (refusal) {
      // A stale role answers "sign in again", not "forbidden", once the token itself checked out.
      if (request.actor) await this.access.assertCurrent(request.actor);
      throw refusal;
    }
    if (request.actor) await this.access.assertCurrent(request.actor);
    return true;
  }
}
