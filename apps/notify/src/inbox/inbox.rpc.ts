import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor } from '#libs/auth';
import { listInboxRequest, markNotificationReadRequest, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { ListInboxQuery } from './list-inbox.query.js';
import { MarkNotificationReadUseCase } from './mark-notification-read.use-case.js';

/** Every signed-in user reads, and marks read, only their own inbox. */
@Controller()
@UseGuards(AuthGuard)
export class InboxRpc {
  constructor(
    private readonly listInbox: ListInboxQuery,
    private readonly markRead: MarkNotificationReadUseCase,
  ) {}

  @OnRpc(RpcPattern.NotifyListInbox)
  list(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(listInboxRequest)) input: z.infer<typeof listInboxRequest>,
  ) {
    return this.listInbox.execute(actor, input);
  }

  @OnRpc(RpcPattern.NotifyMarkNotificationRead)
  markNotificationRead(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(markNotificationReadRequest)) input: { notificationId: string },
  ) {
    return this.markRead.execute(actor, input.notificationId);
  }
}
