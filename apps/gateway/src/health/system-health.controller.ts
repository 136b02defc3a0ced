import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '#libs/auth';
import { BACKENDS, OperationalVerb, operationalPattern } from '#libs/contracts';
import { RpcClient } from '#libs/messaging';
import { HealthService, type HealthReport } from '#libs/service-kit';

const TIMEOUT_MS = 2000;

/** The whole system at a glance: the gateway's own checks and each service's, asked over NATS. */
@Controller('api/health')
@Public()
export class SystemHealthController {
  constructor(
    private readonly health: HealthService,
    private readonly rpc: RpcClient,
  ) {}

  @Get()
  async get(@Res({ passthrough: true }) reply: FastifyReply) {
    const reports = await Promise.all([
      this.health.check(),
      ...BACKENDS.map((service) =>
        this.rpc
          .request<HealthReport>(operationalPattern(service, OperationalVerb.Health), {}, { timeoutMs: TIMEOUT_MS })
          .catch((): HealthReport | { service: string; status: 'down' } => ({ service, status: 'down' })),
      ),
    ]);
    const status = reports.every((report) => report.status === 'ok') ? 'ok' : 'degraded';
    if (status !== 'ok') void reply.status(503);
    return { status, services: Object.fromEntries(reports.map((report) => [report.service, report])) };
  }
}
