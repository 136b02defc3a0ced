import { Module } from '@nestjs/common';
import { InspectionsRpc } from './inspections.rpc.js';
import { ListInspectionsQuery } from './list-inspections.query.js';
import { RecordInspectionUseCase } from './record-inspection.use-case.js';

@Module({ controllers: [InspectionsRpc], providers: [RecordInspectionUseCase, ListInspectionsQuery] })
export class InspectionsModule {}
