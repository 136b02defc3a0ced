import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { CHECKLIST_ITEMS, type RouteInput as In, Routes } from '#libs/contracts';
import { AttachmentCheck, type BusRpcContext, OnRoute } from '#libs/messaging';
import { assertOwnSchool } from '../schools/school-access.js';
import { ChecklistsService } from './checklists.service.js';

const { GradingGetChecklist: Get, GradingPutChecklist: Put } = Routes;

@Controller()
@UseGuards(AuthGuard)
export class ChecklistsRpc {
  constructor(
    private readonly checklists: ChecklistsService,
    private readonly attachments: AttachmentCheck,
  ) {}

  @OnRoute(Get)
  get(input: In<typeof Get>, actor: Actor) {
    return this.checklists.get(actor, input);
  }

  /** Each item's files must be the writer's own uploads (400 on `<item>.attachmentIds`), asked once the school is theirs. */
  @OnRoute(Put)
  async put(input: In<typeof Put>, actor: Actor, context: BusRpcContext) {
    assertOwnSchool(actor, input.schoolId);
    await this.attachments.assertOwn(
      context,
      'checklist',
      Object.fromEntries(CHECKLIST_ITEMS.map((item) => [`${item}.attachmentIds`, input[item].attachmentIds])),
    );
    return this.checklists.put(actor, input);
  }
}
