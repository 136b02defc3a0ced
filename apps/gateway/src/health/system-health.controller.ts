import { Controller, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TokenService } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import { BACKENDS, OperationalVerb, operationalPattern, Routes } from '#libs/contracts';
import { RpcClient } from '#libs/messaging';
import { HealthService, type HealthReport } from '#libs/service-kit';
import { UserAccess } from '../auth/user-access.js';
import type { GatewayConfig } from '../config.js';
import { HttpRoute } from '../routes/http-route.js';

const TIMEOUT_MS = 2000;

interface SystemHealth {
  status: 'ok' | 'degraded';
  services: Record<string, HealthReport | { service: string; status: 'down' }>;
}

/**
 * The whole system at a glance: the gateway's own checks and each service's, asked over NATS.
 * Anonymous callers (load balancers, uptime probes) get only `{status: up|down}`, from a result shared
 * for HEALTH_CACHE_MS, so a flood of them costs one round of checks per interval, not four service
 * calls each. An administrator's token gets the details, always fresh.
 */
@Controller()
export class SystemHealthController {
  private shared?: { result: Promise<SystemHealth>; until: number };

  constructor(
    private readonly health: HealthService,
    private readonly rpc: RpcClient,
    private readonly tokens: TokenService,
    private readonly access: UserAccess,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @HttpRoute(Routes.GatewayHealth)
  async get(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const authorization = request.headers.authorization;
    const actor = authorization ? this.tokens.verify(authorization) : undefined;
    if (actor) await this.access.assertCurrent(actor);
    if (actor?.role === 'administrator') {
      const details = await this.check();
      if (details.status !== 'ok') void reply.status(503);
      return details;
    }
    const { status } = await this.sharedCheck();
    if (status !== 'ok') void reply.status(503);
    return { status: status === 'ok' ? 'up' : 'down' };
  }

  private sharedCheck(): Promise<SystemHealth> {
    if (!this.shared || this.shared.until <= Date.now()) {
      // Shared from the moment it starts, so simultaneous callers wait for one round of checks.
      this.shared = { result: this.check(), until: Date.now() + this.config.HEALTH_CACHE_MS };
    }
    return this.shared.result;
  }

  private async check(): Promise<SystemHealth> {
    const reports = await Promise.all([
      this.health.check(),
      ...BACKENDS.map((service) =>
        this.rpc
          .request<HealthReport>(operationalPattern(service, OperationalVerb.Health), {}, { timeoutMs: TIMEOUT_MS })
          .catch((): HealthReport | { service: string; status: 'down' } => ({ service, status: 'down' })),
      ),
    ]);
    const status = reports.every((report) => report.status === 'ok') ? 'ok' : 'degraded';
    return { status, services: Object.fromEntries(reports.map((report) => [report.service, report])) };
  }
}
