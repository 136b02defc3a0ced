import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { AttachmentCheck, type BusRpcContext, OnRoute } from '#libs/messaging';
import { ListInspectionsQuery } from './list-inspections.query.js';
import { RecordInspectionUseCase } from './record-inspection.use-case.js';

const { GradingRecordInspection: Record, GradingListInspections: List } = Routes;

@Controller()
@UseGuards(AuthGuard)
export class InspectionsRpc {
  constructor(
    private readonly recordInspection: RecordInspectionUseCase,
    private readonly listInspections: ListInspectionsQuery,
    private readonly attachments: AttachmentCheck,
  ) {}

  /** The inspector's own uploads only (400 on `attachmentIds`); intake links them from the event. */
  @OnRoute(Record)
  async record(input: In<typeof Record>, actor: Actor, context: BusRpcContext) {
    await this.attachments.assertOwn(context, 'inspection', { attachmentIds: input.attachmentIds });
    return this.recordInspection.execute(actor, input);
  }

  @OnRoute(List)
  list(input: In<typeof List>, actor: Actor) {
    return this.listInspections.execute(actor, input);
  }
}
