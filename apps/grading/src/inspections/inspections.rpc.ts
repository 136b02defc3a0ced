import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { listInspectionsRequest, recordInspectionRequest, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { type ListInspections, ListInspectionsQuery } from './list-inspections.query.js';
import { type RecordInspection, RecordInspectionUseCase } from './record-inspection.use-case.js';

@Controller()
@UseGuards(AuthGuard)
export class InspectionsRpc {
  constructor(
    private readonly recordInspection: RecordInspectionUseCase,
    private readonly listInspections: ListInspectionsQuery,
  ) {}

  @OnRpc(RpcPattern.GradingRecordInspection)
  @Roles('inspector')
  record(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(recordInspectionRequest)) input: RecordInspection,
  ) {
    return this.recordInspection.execute(actor, input);
  }

  @OnRpc(RpcPattern.GradingListInspections)
  @Roles('inspector', 'taskforce_dispatcher', 'supervisor', 'administrator', 'school_reporter')
  list(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(listInspectionsRequest)) input: ListInspections) {
    return this.listInspections.execute(actor, input);
  }
}
