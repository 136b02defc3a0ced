import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { AttachmentCheck, type BusRpcContext, OnRoute } from '#libs/messaging';
import { ListTasksQuery } from './list-tasks.query.js';
import { TaskCommands } from './task-commands.js';

const {
  DispatchListTasks: List,
  DispatchAcknowledgeTask: Acknowledge,
  DispatchReportTaskProgress: Progress,
  DispatchGiveTaskFeedback: Feedback,
  DispatchRectifyTask: Rectify,
  DispatchDeclineTask: Decline,
} = Routes;

/** A department sees and works only its own tasks. */
@Controller()
@UseGuards(AuthGuard)
export class TasksRpc {
  constructor(
    private readonly listTasks: ListTasksQuery,
    private readonly commands: TaskCommands,
    private readonly attachments: AttachmentCheck,
  ) {}

  @OnRoute(List)
  list(input: In<typeof List>, actor: Actor) {
    return this.listTasks.execute(actor, input);
  }

  @OnRoute(Acknowledge)
  acknowledge(input: In<typeof Acknowledge>, actor: Actor) {
    return this.commands.acknowledge(actor, input);
  }

  @OnRoute(Progress)
  progress(input: In<typeof Progress>, actor: Actor) {
    return this.commands.progress(actor, input);
  }

  @OnRoute(Feedback)
  feedback(input: In<typeof Feedback>, actor: Actor) {
    return this.commands.feedback(actor, input);
  }

  @OnRoute(Rectify)
  async rectify(input: In<typeof Rectify>, actor: Actor, context: BusRpcContext) {
    // The evidence must be the handler's own uploads: refused here (400 on `evidence`), linked by intake
    // from `dispatch.task.rectified`.
    await this.attachments.assertOwn(context, 'evidence', { evidence: input.evidence });
    return this.commands.rectify(actor, input);
  }

  @OnRoute(Decline)
  decline(input: In<typeof Decline>, actor: Actor) {
    return this.commands.decline(actor, input);
  }
}
