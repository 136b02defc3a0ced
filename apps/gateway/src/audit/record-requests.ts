import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Actor } from '#libs/auth';
import { RpcHeader } from '#libs/contracts';
import { errorCodeFor } from '#libs/errors';
import type { Logger } from '#libs/observability';
import { AuditLog } from './audit-log.js';
import { isAudited, isRead, objectOf } from './audited-routes.js';

/**
 * Records each audited request in the audit log before its answer leaves (onSend: the outcome is
 * known, the body not yet sent). A read whose entry cannot be written is not answered (503): no
 * personal data leaves unrecorded. A command has already happened by then; it keeps its answer and
 * the failure is logged.
 */
export function recordRequests(app: INestApplication, logger: Logger): void {
  const log = app.get(AuditLog);
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    if (!route || !isAudited(request.method, route)) return payload;
    const actor = (request as unknown as { actor?: Actor }).actor;
    const correlationId = reply.getHeader(RpcHeader.CorrelationId);
    try {
      await log.append({
        at: new Date(),
        actorId: actor?.userId ?? null,
        actorRole: actor?.role ?? 'anonymous',
        action: `${request.method} ${route}`,
        objectId: objectOf(request.params, reply.statusCode, payload),
        outcome: reply.statusCode,
        correlationId: typeof correlationId === 'string' ? correlationId : null,
      });
      return payload;
    } catch (error) {
      logger.error({ err: (error as Error).message, route }, 'audit entry not written');
      if (!isRead(request.method)) return payload;
      (payload as { destroy?: () => void } | null)?.destroy?.();
      void reply.code(503).header('content-type', 'application/json; charset=utf-8');
      reply.removeHeader('content-length');
      reply.removeHeader('content-disposition');
      return JSON.stringify({ status: 503, error: errorCodeFor(503), message: 'the audit log is unavailable' });
    }
  });
}
