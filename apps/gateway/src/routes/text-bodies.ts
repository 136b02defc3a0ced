import type { FastifyInstance } from 'fastify';
import type { RouteDefinition } from '#libs/contracts';
import { AppError } from '#libs/errors';

/**
 * Bodies of a text media type (`text/csv`) for the routes whose definition takes one (`payload.textBody`),
 * read as UTF-8 within the body limit. Any other route keeps refusing the type with 415, as it refuses
 * text/plain: only JSON reaches a handler there.
 */
export function acceptTextBodies(fastify: FastifyInstance, routes: readonly RouteDefinition[]): void {
  const routesByType = new Map<string, Set<string>>();
  for (const route of routes) {
    const type = route.payload.textBody?.contentType;
    if (!type) continue;
    routesByType.set(type, (routesByType.get(type) ?? new Set()).add(`${route.method} ${route.path}`));
  }
  for (const [type, keys] of routesByType) {
    fastify.addContentTypeParser(type, { parseAs: 'string' }, (request, body, done) => {
      if (keys.has(`${request.method} ${request.routeOptions.url}`)) return done(null, body);
      done(new AppError(415, 'unsupported_media_type', `Unsupported Media Type: ${type}; send JSON`), undefined);
    });
  }
}
