import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UnitCommitmentsRpc } from './unit-commitments.rpc.js';
import { Unit } from './unit.entity.js';
import { UnitsProjection } from './units.projection.js';

@Module({ imports: [TypeOrmModule.forFeature([Unit])], controllers: [UnitsProjection, UnitCommitmentsRpc] })
export class UnitsModule {}
