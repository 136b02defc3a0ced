import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { ListDeliveriesQuery } from '../deliveries/list-deliveries.query.js';
import { ListInboxQuery } from './list-inbox.query.js';
import { MarkNotificationReadUseCase } from './mark-notification-read.use-case.js';

const {
  NotifyListInbox: List,
  NotifyMarkNotificationRead: MarkRead,
  NotifyUnreadCount: UnreadCount,
  NotifyMarkAllRead: MarkAllRead,
  NotifyListDeliveries: Deliveries,
} = Routes;

/** Every signed-in user reads, and marks read, only their own inbox; deliveries are shown to the recipient and administrators. */
@Controller()
@UseGuards(AuthGuard)
export class InboxRpc {
  constructor(
    private readonly listInbox: ListInboxQuery,
    private readonly markRead: MarkNotificationReadUseCase,
    private readonly listDeliveries: ListDeliveriesQuery,
  ) {}

  @OnRoute(List)
  list(input: In<typeof List>, actor: Actor) {
    return this.listInbox.execute(actor, input);
  }

  @OnRoute(MarkRead)
  markNotificationRead(input: In<typeof MarkRead>, actor: Actor) {
    return this.markRead.execute(actor, input.notificationId);
  }

  @OnRoute(UnreadCount)
  unreadCount(_input: In<typeof UnreadCount>, actor: Actor) {
    return this.markRead.unreadCount(actor);
  }

  @OnRoute(MarkAllRead)
  markAllRead(_input: In<typeof MarkAllRead>, actor: Actor) {
    return this.markRead.all(actor);
  }

  @OnRoute(Deliveries)
  deliveries(input: In<typeof Deliveries>, actor: Actor) {
    return this.listDeliveries.execute(actor, input.notificationId);
  }
}
