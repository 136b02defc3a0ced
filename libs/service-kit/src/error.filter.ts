import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type Observable, throwError } from 'rxjs';
import { errorBodyOf, errorSummary } from '#libs/errors';
import type { Logger } from '#libs/observability';

/**
 * HTTP errors leave as `{status, error, message, field?}`, only real faults as 5xx.
 * RPC and event handler errors go back unchanged to the bus transport, which maps them itself.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() !== 'http') return throwError(() => exception);
    const body = errorBodyOf(exception);
    if (body.status >= 500 && body.status !== 503) {
      this.logger.error({ err: errorSummary(exception) }, 'request failed');
    }
    void host.switchToHttp().getResponse<FastifyReply>().status(body.status).send(body);
  }
}
