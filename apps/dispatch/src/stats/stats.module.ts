import { Module } from '@nestjs/common';
import { OverviewQuery } from './overview.query.js';
import { StatsRpc } from './stats.rpc.js';
import { UnitStatsQuery } from './unit-stats.query.js';

@Module({ controllers: [StatsRpc], providers: [UnitStatsQuery, OverviewQuery] })
export class StatsModule {}
