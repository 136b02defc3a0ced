import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { AuthGuard, Roles } from '#libs/auth';
import { RpcPattern, statsPeriodRequest } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { OverviewQuery } from './overview.query.js';
import { UnitStatsQuery } from './unit-stats.query.js';

type Period = z.infer<typeof statsPeriodRequest>;

/** How the units and the county are doing: for the task force, supervisors and administrators. */
@Controller()
@UseGuards(AuthGuard)
export class StatsRpc {
  constructor(
    private readonly units: UnitStatsQuery,
    private readonly overview: OverviewQuery,
  ) {}

  @OnRpc(RpcPattern.DispatchUnitStats)
  @Roles('taskforce_dispatcher', 'supervisor', 'administrator')
  unitStats(@Payload(new ZodValidationPipe(statsPeriodRequest)) input: Period) {
    return this.units.execute(input);
  }

  @OnRpc(RpcPattern.DispatchOverviewStats)
  @Roles('taskforce_dispatcher', 'supervisor', 'administrator')
  overviewStats(@Payload(new ZodValidationPipe(statsPeriodRequest)) input: Period) {
    return this.overview.execute(input);
  }
}
