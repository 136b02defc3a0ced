import { Module } from '@nestjs/common';
import { SchoolStatsProjection } from './school-stats.projection.js';

@Module({ controllers: [SchoolStatsProjection] })
export class SchoolStatsModule {}
