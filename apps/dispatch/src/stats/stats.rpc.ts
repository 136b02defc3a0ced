import { Controller, UseGuards } from '@nestjs/common';
import { AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { OverviewQuery } from './overview.query.js';
import { UnitStatsQuery } from './unit-stats.query.js';

const { DispatchUnitStats: Units, DispatchOverviewStats: Overview } = Routes;

/** How the units and the county are doing: for the task force, supervisors and administrators. */
@Controller()
@UseGuards(AuthGuard)
export class StatsRpc {
  constructor(
    private readonly units: UnitStatsQuery,
    private readonly overview: OverviewQuery,
  ) {}

  @OnRoute(Units)
  unitStats(input: In<typeof Units>) {
    return this.units.execute(input);
  }

  @OnRoute(Overview)
  overviewStats(input: In<typeof Overview>) {
    return this.overview.execute(input);
  }
}
