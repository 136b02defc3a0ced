import { Module } from '@nestjs/common';
import { AttachmentsController } from './attachments.controller.js';
import { CalendarsController } from './calendars.controller.js';
import { LedgerExportService } from '../ledger-export/ledger-export.service.js';
import { CaseworkController } from './casework.controller.js';
import { DeskController } from './desk.controller.js';
import { ExtensionsController } from './extensions.controller.js';
import { Forwarder } from './forwarder.js';
import { GradingController } from './grading.controller.js';
import { LoopController } from './loop.controller.js';
import { NotifyController } from './notify.controller.js';
import { ReviewsController } from './reviews.controller.js';
import { TipsController } from './tips.controller.js';

@Module({
  controllers: [
    CaseworkController,
    AttachmentsController,
    CalendarsController,
    DeskController,
    ExtensionsController,
    GradingController,
    LoopController,
    NotifyController,
    ReviewsController,
    TipsController,
  ],
  providers: [Forwarder, LedgerExportService],
  exports: [Forwarder],
})
export class ForwardingModule {}
