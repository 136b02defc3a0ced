import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { Public } from '#libs/auth';
import type { FastifyReply } from 'fastify';
import { HealthService } from './health.service.js';

@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @HttpCode(200)
  async get(@Res({ passthrough: true }) reply: FastifyReply) {
    const report = await this.health.check();
    if (report.status !== 'ok') void reply.status(503);
    return report;
  }
}
