import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RpcHeader } from '#libs/contracts';
import { runInContext } from '#libs/observability';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const CORRELATION_ID = Symbol('correlationId');

type Correlated = FastifyRequest & { [CORRELATION_ID]?: string };

/**
 * Gives each HTTP request a correlation id (the caller's, when well-formed) that follows it into
 * every RPC, event and log line. Fastify hooks rather than a Nest interceptor: the id is in the
 * response header of every request, refused ones included, and no rxjs pipeline wraps each call.
 * The context is entered in preHandler, after the body is read: body parsing runs in socket
 * callbacks that would not carry a context entered earlier.
 */
export function correlateRequests(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request: Correlated, reply, done) => {
    const offered = request.headers[RpcHeader.CorrelationId];
    const correlationId = typeof offered === 'string' && SAFE_ID.test(offered) ? offered : crypto.randomUUID();
    request[CORRELATION_ID] = correlationId;
    void reply.header(RpcHeader.CorrelationId, correlationId);
    done();
  });
  fastify.addHook('preHandler', (request: Correlated, _reply, done) => {
    runInContext({ correlationId: request[CORRELATION_ID] ?? crypto.randomUUID() }, done);
  });
}
