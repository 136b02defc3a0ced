import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type PayloadOf, TaskAckBreached, TaskAssigned } from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';
import { announce } from './announcements.js';
import {
  ACK_OVERDUE_AUDIENCE,
  ackOverdueTitle,
  NotificationKind,
  taskAssignedTitle,
  UNIT_AUDIENCE,
} from './notification-kinds.js';

/** Fans events out into inbox entries; one entry per event and user, whatever the redeliveries. */
@Controller()
export class InboxHandlers {
  @OnEvent(TaskAssigned)
  async onTaskAssigned(@Payload() task: PayloadOf<typeof TaskAssigned>, @Ctx() context: BusEventContext) {
    await announce(context.manager, {
      sourceEventId: context.envelope.id,
      kind: NotificationKind.TaskAssigned,
      title: taskAssignedTitle(task.reference, task.role),
      caseId: task.caseId,
      taskId: task.taskId,
      audience: { orgId: task.unitId, roles: UNIT_AUDIENCE },
    });
  }

  @OnEvent(TaskAckBreached)
  async onTaskAckBreached(@Payload() breach: PayloadOf<typeof TaskAckBreached>, @Ctx() context: BusEventContext) {
    await announce(context.manager, {
      sourceEventId: context.envelope.id,
      kind: NotificationKind.AckOverdue,
      title: ackOverdueTitle(breach.reference),
      caseId: breach.caseId,
      taskId: breach.taskId,
      audience: { roles: ACK_OVERDUE_AUDIENCE },
    });
  }
}
