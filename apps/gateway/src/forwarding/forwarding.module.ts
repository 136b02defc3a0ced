import { Module } from '@nestjs/common';
import { ROUTE_LIST } from '#libs/contracts';
import { AttachmentsController } from './attachments.controller.js';
import { Forwarder } from './forwarder.js';
import { forwardingController } from './route-forwarding.js';

/** Every `forward` route of the table, and the attachments' own handlers (multipart in, bytes out). */
@Module({
  controllers: [forwardingController(ROUTE_LIST), AttachmentsController],
  providers: [Forwarder],
  exports: [Forwarder],
})
export class ForwardingModule {}
