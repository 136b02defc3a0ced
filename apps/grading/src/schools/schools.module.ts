import { Module } from '@nestjs/common';
import { SchoolsProjection } from './schools.projection.js';

@Module({ controllers: [SchoolsProjection] })
export class SchoolsModule {}
