import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '#libs/auth';
import { AppError } from '#libs/errors';
import { metrics } from '#libs/observability';
import { METRICS_ACCESS, type MetricsAccess, metricsVerdict } from './metrics-access.js';

/** `GET /metrics`: the process's metrics in Prometheus text format, to the callers metrics-access.ts lets in. */
@Controller('metrics')
@Public()
export class MetricsController {
  constructor(@Inject(METRICS_ACCESS) private readonly access: MetricsAccess) {}

  @Get()
  async get(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const verdict = metricsVerdict(
      this.access.mode,
      {
        authorization: request.headers.authorization,
        socketAddress: request.raw.socket?.remoteAddress,
        forwarded: request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined,
      },
      this.access.token,
    );
    if (verdict === 'unauthorized') throw AppError.unauthorized('a valid metrics token is required');
    if (verdict === 'forbidden') {
      throw AppError.forbidden('metrics are served only to this machine here; set METRICS_TOKEN to scrape them');
    }
    void reply.header('content-type', metrics.contentType).header('cache-control', 'no-store');
    return metrics.text();
  }
}
