import { Module } from '@nestjs/common';
import { ROUTE_LIST } from '#libs/contracts';
import { attachmentStoreProvider } from '#libs/storage';
import { LedgerExportService } from '../ledger-export/ledger-export.service.js';
import { AttachmentsController } from './attachments.controller.js';
import { DeskController } from './desk.controller.js';
import { Forwarder } from './forwarder.js';
import { forwardingController } from './route-forwarding.js';

/**
 * Every `forward` route of the table, the attachments' own handlers (multipart in, bytes out) and
 * the ledger's streamed exports.
 */
@Module({
  controllers: [forwardingController(ROUTE_LIST), AttachmentsController, DeskController],
  providers: [Forwarder, LedgerExportService, attachmentStoreProvider],
  exports: [Forwarder],
})
export class ForwardingModule {}
