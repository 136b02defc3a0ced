import { Module } from '@nestjs/common';
import { AttachmentsController } from './attachments.controller.js';
import { CaseworkController } from './casework.controller.js';
import { Forwarder } from './forwarder.js';
import { TipsController } from './tips.controller.js';

@Module({
  controllers: [CaseworkController, TipsController, AttachmentsController],
  providers: [Forwarder],
  exports: [Forwarder],
})
export class ForwardingModule {}
