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

  /**
   * Each item's new files must be the writer's own uploads (400 on `<item>.attachmentIds`), asked once
   * the school is theirs; files the checklist already lists are kept, so an inspector writing the
   * checklist a school filed with its files keeps them.
   */
  @OnRoute(Put)
  async put(input: In<typeof Put>, actor: Actor, context: BusRpcContext) {
    assertOwnSchool(actor, input.schoolId);
    const stored = await this.checklists.storedAttachmentIds(input.schoolId, input.term);
    await this.attachments.assertOwn(
      context,
      'checklist',
      Object.fromEntries(
        CHECKLIST_ITEMS.map((item) => [
          `${item}.attachmentIds`,
          input[item].attachmentIds?.filter((id) => !stored.has(id)),
        ]),
      ),
    );
    return this.checklists.put(actor, input);
  }
}
