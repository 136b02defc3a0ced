import { Module } from '@nestjs/common';
import { ListDeliveriesQuery } from '../deliveries/list-deliveries.query.js';
import { InboxHandlers } from './inbox.handlers.js';
import { InboxRpc } from './inbox.rpc.js';
import { ListInboxQuery } from './list-inbox.query.js';
import { MarkNotificationReadUseCase } from './mark-notification-read.use-case.js';

@Module({
  controllers: [InboxHandlers, InboxRpc],
  providers: [ListInboxQuery, MarkNotificationReadUseCase, ListDeliveriesQuery],
})
export class InboxModule {}
