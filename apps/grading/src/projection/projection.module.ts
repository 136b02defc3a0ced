import { Module } from '@nestjs/common';
import { CaseFactsProjection } from './case-facts.projection.js';

@Module({ controllers: [CaseFactsProjection] })
export class ProjectionModule {}
