import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { type PayloadOf, TaskAckBreached, TaskAssigned } from '#libs/contracts';
import { BusEventContext, OnEvent } from '#libs/messaging';
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
    await deliver(context, {
      kind: NotificationKind.TaskAssigned,
      title: taskAssignedTitle(task.reference, task.role),
      caseId: task.caseId,
      taskId: task.taskId,
      audience: { orgId: task.unitId, roles: UNIT_AUDIENCE },
    });
  }

  @OnEvent(TaskAckBreached)
  async onTaskAckBreached(@Payload() breach: PayloadOf<typeof TaskAckBreached>, @Ctx() context: BusEventContext) {
    await deliver(context, {
      kind: NotificationKind.AckOverdue,
      title: ackOverdueTitle(breach.reference),
      caseId: breach.caseId,
      taskId: breach.taskId,
      audience: { roles: ACK_OVERDUE_AUDIENCE },
    });
  }
}

interface Delivery {
  kind: string;
  title: string;
  caseId: string;
  taskId: string;
  audience: { orgId?: string; roles: readonly string[] };
}

async function deliver(
  { manager, envelope }: { manager: EntityManager; envelope: { id: string } },
  delivery: Delivery,
) {
  await manager.query(
    `INSERT INTO notify.notifications (user_id, kind, case_id, task_id, title, source_event_id)
     SELECT user_id, $1, $2, $3, $4, $5 FROM notify.recipients
      WHERE role = ANY($6::text[]) AND ($7::uuid IS NULL OR org_id = $7::uuid)
     ON CONFLICT (source_event_id, user_id) DO NOTHING`,
    [
      delivery.kind,
      delivery.caseId,
      delivery.taskId,
      delivery.title,
      envelope.id,
      delivery.audience.roles,
      delivery.audience.orgId ?? null,
    ],
  );
}
