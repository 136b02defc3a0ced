import type { FastifyInstance } from 'fastify';
import { RpcHeader } from '#libs/contracts';
import type { Logger } from '#libs/observability';

/**
 * One line per HTTP request: method, route pattern (never the raw URL, so ids and query strings
 * stay out), status, duration and correlation id. Health probes come often and log at debug.
 */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? '(no route)';
    const line = {
      method: request.method,
      route,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      correlationId: reply.getHeader(RpcHeader.CorrelationId),
    };
    if (route.endsWith('/health')) logger.debug(line, 'request');
    else logger.info(line, 'request');
    done();
  });
}
