import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RpcHeader, type Role } from '#libs/contracts';
import { AppError } from '#libs/errors';
import type { Actor } from './actor.js';
import { TokenService } from './token.service.js';

export const PUBLIC_ROUTE = 'campus-whistle:public';
export const ALLOWED_ROLES = 'campus-whistle:roles';

/** No token needed (login, health, the public tip routes). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
/** Only these roles may call the handler; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

type WithActor = { actor?: Actor };
type Access = { public: boolean; roles: Role[] | undefined };

/**
 * Authenticates HTTP requests (the gateway) and RPC calls (the services, which re-check the
 * token the gateway forwards rather than trusting the gateway), then applies @Roles.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /** Each handler's @Public and @Roles, read once: metadata does not change after boot. */
  private readonly access = new WeakMap<Function, WeakMap<Function, Access>>();

  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const access = this.accessOf(context);
    if (access.public) return true;
    const holder = actorHolder(context);
    const actor = this.tokens.verify(authorizationOf(context));
    holder.actor = actor;
    if (access.roles && !access.roles.includes(actor.role)) throw AppError.forbidden();
    return true;
  }

  private accessOf(context: ExecutionContext): Access {
    const handler = context.getHandler();
    const owner = context.getClass();
    let byHandler = this.access.get(owner);
    if (!byHandler) this.access.set(owner, (byHandler = new WeakMap()));
    let access = byHandler.get(handler);
    if (!access) {
      const targets = [handler, owner];
      access = {
        public: this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ?? false,
        roles: this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets),
      };
      byHandler.set(handler, access);
    }
    return access;
  }
}

function authorizationOf(context: ExecutionContext): string | undefined {
  if (context.getType() === 'rpc') {
    return context
      .switchToRpc()
      .getContext<{ header(name: string): string | undefined }>()
      .header(RpcHeader.Authorization);
  }
  return context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers.authorization;
}

function actorHolder(context: ExecutionContext): WithActor {
  return context.getType() === 'rpc'
    ? context.switchToRpc().getContext<WithActor>()
    : context.switchToHttp().getRequest<WithActor>();
}

/** The authenticated caller of an HTTP route or an RPC handler. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = actorHolder(context).actor;
  if (!actor) throw AppError.unauthorized();
  return actor;
});
