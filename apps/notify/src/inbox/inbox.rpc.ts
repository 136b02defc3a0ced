import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { type Actor, AuthGuard, CurrentActor } from '#libs/auth';
import { listInboxRequest, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';

const LIST_LIMIT = 200;

/** Every signed-in user reads only their own inbox. */
@Controller()
@UseGuards(AuthGuard)
export class InboxRpc {
  constructor(private readonly dataSource: DataSource) {}

  @OnRpc(RpcPattern.NotifyListInbox)
  async list(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(listInboxRequest)) _input: object) {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, kind, case_id AS "caseId", task_id AS "taskId", title, created_at AS "createdAt", read_at AS "readAt"
         FROM notify.notifications WHERE user_id = $1 ORDER BY created_at DESC LIMIT $2`,
      [actor.userId, LIST_LIMIT],
    );
    return rows;
  }
}
