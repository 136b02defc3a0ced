import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Unit } from './unit.entity.js';
import { UnitsProjection } from './units.projection.js';

@Module({ imports: [TypeOrmModule.forFeature([Unit])], controllers: [UnitsProjection] })
export class UnitsModule {}
