import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor } from '#libs/auth';
import {
  listDeliveriesRequest,
  listInboxRequest,
  markAllReadRequest,
  markNotificationReadRequest,
  RpcPattern,
  unreadCountRequest,
} from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { ListDeliveriesQuery } from '../deliveries/list-deliveries.query.js';
import { ListInboxQuery } from './list-inbox.query.js';
import { MarkNotificationReadUseCase } from './mark-notification-read.use-case.js';

/** Every signed-in user reads, and marks read, only their own inbox; deliveries are shown to the recipient and administrators. */
@Controller()
@UseGuards(AuthGuard)
export class InboxRpc {
  constructor(
    private readonly listInbox: ListInboxQuery,
    private readonly markRead: MarkNotificationReadUseCase,
    private readonly listDeliveries: ListDeliveriesQuery,
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

  @OnRpc(RpcPattern.NotifyUnreadCount)
  unreadCount(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(unreadCountRequest)) _: unknown) {
    return this.markRead.unreadCount(actor);
  }

  @OnRpc(RpcPattern.NotifyMarkAllRead)
  markAllRead(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(markAllReadRequest)) _: unknown) {
    return this.markRead.all(actor);
  }

  @OnRpc(RpcPattern.NotifyListDeliveries)
  deliveries(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(listDeliveriesRequest)) input: { notificationId: string },
  ) {
    return this.listDeliveries.execute(actor, input.notificationId);
  }
}
