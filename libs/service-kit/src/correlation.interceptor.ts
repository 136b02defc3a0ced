import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { RpcHeader } from '#libs/contracts';
import { runInContext } from '#libs/observability';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Gives each HTTP request a correlation id (the caller's, when well-formed) that follows it everywhere. */
@Injectable()
export class CorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const offered = http.getRequest<FastifyRequest>().headers[RpcHeader.CorrelationId];
    const correlationId = typeof offered === 'string' && SAFE_ID.test(offered) ? offered : crypto.randomUUID();
    void http.getResponse<FastifyReply>().header(RpcHeader.CorrelationId, correlationId);
    return new Observable((subscriber) => runInContext({ correlationId }, () => next.handle().subscribe(subscriber)));
  }
}
