import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import { type Actor, Public, Roles } from '#libs/auth';
import type { RouteDefinition, RouteInput, RouteOutput } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import type { BusRpcContext } from './bus-context.js';
import { BUS_TRANSPORT } from './bus-transport.js';
import { recordRouteBinding } from './route-bindings.js';

/** The caller the guard authenticated; undefined on a public route (a tipster has no account). */
const RouteActor = createParamDecorator(
  (_: unknown, context: ExecutionContext): Actor | undefined =>
    context.switchToRpc().getContext<{ actor?: Actor }>().actor,
);

type ActorOf<D extends RouteDefinition> = D['access'] extends 'public' ? undefined : Actor;

/** A route's handler: its validated input, the caller, the RPC context; it answers the route's response. */
export type RouteHandler<D extends RouteDefinition> = (
  input: RouteInput<D>,
  actor: ActorOf<D>,
  context: BusRpcContext,
) => RouteOutput<D> | Promise<RouteOutput<D>>;

/**
 * Answers a route's RPC as its definition says: the pattern, who may call (public, signed in, or
 * roles), the request validated by its schema (a 400 naming the field), and the handler typed by the
 * definition: `(input, actor, context)` returning the response schema's shape. Several routes may
 * share one RPC (the bulletin's JSON and PDF): pass them all.
 */
export function OnRoute<Ds extends [RouteDefinition, ...RouteDefinition[]]>(...routes: Ds) {
  type D = Ds[number];
  const [route] = routes;
  if (!route.rpc || routes.some((other) => other.rpc !== route.rpc)) {
    throw new Error(`@OnRoute(${route.method} ${route.path}): the routes must share one RPC pattern`);
  }
  const pattern = route.rpc;
  return <M extends RouteHandler<D>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>) => {
    MessagePattern(pattern, BUS_TRANSPORT)(target, key, descriptor);
    if (route.access === 'public') Public()(target, key, descriptor);
    else if (route.access !== 'signed-in') Roles(...route.access)(target, key, descriptor);
    Payload(new ZodValidationPipe(route.request))(target, key, 0);
    RouteActor()(target, key, 1);
    Ctx()(target, key, 2);
    recordRouteBinding(pattern);
  };
}
