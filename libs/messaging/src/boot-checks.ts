import { type EventContract, ROUTE_LIST, RpcPattern, type ServiceName, ServiceRpcPattern } from '#libs/contracts';

export interface BoundHandler {
  pattern: string;
  isEvent: boolean;
  /** How many handlers Nest registered for the pattern. */
  count: number;
}

const KNOWN_RPC = new Set<string>([...Object.values(RpcPattern), ...Object.values(ServiceRpcPattern)]);

/**
 * What stops a service from starting: a subscribed event without exactly one handler, a handler for
 * an event it does not subscribe to, an RPC pattern no contract defines (a typo would otherwise only
 * show as a 503 at request time) or another service's, a pattern of its own it does not answer, a
 * route definition whose RPC it owns without an `@OnRoute` handler, and a route's RPC bound by hand
 * (`@OnRpc`), whose roles and schema could then drift from the definition.
 * `routed`: the patterns bound with `@OnRoute` (see on-route.ts).
 */
export function bootProblems(
  service: ServiceName,
  consumes: readonly EventContract[],
  handlers: BoundHandler[],
  routed: ReadonlyMap<string, number> = new Map(),
) {
  const problems: string[] = [];
  const subscribed = new Set(consumes.map((contract) => contract.type));
  const byPattern = new Map(handlers.map((handler) => [handler.pattern, handler]));
  for (const type of subscribed) {
    const handler = byPattern.get(type);
    if (!handler?.isEvent) problems.push(`subscribed event ${type} has no @EventPattern handler`);
    else if (handler.count > 1) problems.push(`subscribed event ${type} has more than one handler`);
  }
  for (const handler of handlers) {
    if (handler.isEvent) {
      if (!subscribed.has(handler.pattern)) {
        problems.push(`@EventPattern(${handler.pattern}) handles an event the service does not subscribe to`);
      }
      continue;
    }
    if (!KNOWN_RPC.has(handler.pattern)) problems.push(`@MessagePattern(${handler.pattern}) is not an RpcPattern`);
    else if (!handler.pattern.startsWith(`${service}.`)) {
      problems.push(`@MessagePattern(${handler.pattern}) belongs to another service`);
    } else if (handler.count > 1) problems.push(`@MessagePattern(${handler.pattern}) has more than one handler`);
  }
  for (const pattern of KNOWN_RPC) {
    if (pattern.startsWith(`${service}.`) && !byPattern.has(pattern)) {
      problems.push(`RpcPattern ${pattern} has no @MessagePattern handler`);
    }
  }
  const ownRoutes = ROUTE_LIST.filter((route) => route.rpc?.startsWith(`${service}.`));
  for (const route of ownRoutes) {
    if (!routed.has(route.rpc!))
      problems.push(`route ${route.name} (${route.method} ${route.path}) has no @OnRoute handler`);
  }
  for (const handler of handlers) {
    const route = ownRoutes.find((r) => r.rpc === handler.pattern);
    if (!handler.isEvent && route && !routed.has(handler.pattern)) {
      problems.push(`@MessagePattern(${handler.pattern}) answers route ${route.name}: bind it with @OnRoute`);
    }
  }
  return problems;
}
