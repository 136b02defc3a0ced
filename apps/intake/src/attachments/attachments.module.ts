import { Module } from '@nestjs/common';
import { attachmentStoreProvider } from '#libs/storage';
import { TipsModule } from '../tips/tips.module.js';
import { AttachmentsRpc } from './attachments.rpc.js';
import { AttachmentsService } from './attachments.service.js';

@Module({
  imports: [TipsModule],
  controllers: [AttachmentsRpc],
  providers: [AttachmentsService, attachmentStoreProvider],
})
export class AttachmentsModule {}
