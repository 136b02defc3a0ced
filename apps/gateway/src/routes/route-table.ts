import type { FastifyInstance } from 'fastify';
import type { RouteDefinition } from '#libs/contracts';
import type { Logger } from '#libs/observability';

export interface MappedRoute {
  method: string;
  url: string;
}

/**
 * What stops the gateway from starting: a route definition with no handler or more than one, and an
 * API route mapped without a definition (it would be missing from the OpenAPI document). Routes
 * outside /api (the process's /health) are the service kit's, and HEAD is Fastify's copy of GET.
 */
export function routeTableProblems(
  routes: ReadonlyArray<RouteDefinition & { name: string }>,
  mapped: readonly MappedRoute[],
): string[] {
  const api = mapped.filter((route) => route.method !== 'HEAD' && route.url.startsWith('/api'));
  const count = new Map<string, number>();
  for (const route of api)
    count.set(`${route.method} ${route.url}`, (count.get(`${route.method} ${route.url}`) ?? 0) + 1);
  const defined = new Set(routes.map((route) => `${route.method} ${route.path}`));
  const problems: string[] = [];
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    const handlers = count.get(key) ?? 0;
    if (handlers === 0) problems.push(`route ${route.name} (${key}) has no handler`);
    else if (handlers > 1) problems.push(`route ${route.name} (${key}) has ${handlers} handlers`);
  }
  for (const key of count.keys()) {
    if (!defined.has(key)) problems.push(`${key} is mapped without a route definition`);
  }
  return problems;
}

/**
 * Records every route as Fastify maps it, then checks the table once the server is ready (the start
 * fails on a problem) and logs the mapped routes (`"msg":"routes mapped"`), which the tests compare
 * with the OpenAPI document. Call before the application initialises.
 */
export function checkRouteTable(
  fastify: FastifyInstance,
  routes: ReadonlyArray<RouteDefinition & { name: string }>,
  logger: Logger,
): void {
  const mapped: MappedRoute[] = [];
  fastify.addHook('onRoute', (options) => {
    for (const method of [options.method].flat()) mapped.push({ method, url: options.url });
  });
  fastify.addHook('onReady', (done) => {
    const problems = routeTableProblems(routes, mapped);
    if (problems.length > 0) return done(new Error(`gateway cannot start:\n  - ${problems.join('\n  - ')}`));
    const api = mapped.filter((route) => route.method !== 'HEAD' && route.url.startsWith('/api'));
    logger.info({ routes: api.map((route) => `${route.method} ${route.url}`) }, 'routes mapped');
    done();
  });
}
