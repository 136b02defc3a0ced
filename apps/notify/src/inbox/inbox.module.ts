import { Module } from '@nestjs/common';
import { InboxHandlers } from './inbox.handlers.js';
import { InboxRpc } from './inbox.rpc.js';

@Module({ controllers: [InboxHandlers, InboxRpc] })
export class InboxModule {}
