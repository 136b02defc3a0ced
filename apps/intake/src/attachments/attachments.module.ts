import { Module } from '@nestjs/common';
import { ATTACHMENT_STORE, attachmentStoreProvider } from '#libs/storage';
import { TipsModule } from '../tips/tips.module.js';
import { AttachedElsewhereProjection } from './attached-elsewhere.projection.js';
import { AttachmentsRpc } from './attachments.rpc.js';
import { AttachmentsService } from './attachments.service.js';

@Module({
  imports: [TipsModule],
  controllers: [AttachmentsRpc, AttachedElsewhereProjection],
  providers: [AttachmentsService, attachmentStoreProvider],
  exports: [ATTACHMENT_STORE],
})
export class AttachmentsModule {}
