import { Module } from '@nestjs/common';
import { CalendarsController } from './calendars.controller.js';
import { CaseworkController } from './casework.controller.js';
import { ExtensionsController } from './extensions.controller.js';
import { Forwarder } from './forwarder.js';
import { LoopController } from './loop.controller.js';
import { NotifyController } from './notify.controller.js';

@Module({
  controllers: [CaseworkController, CalendarsController, ExtensionsController, LoopController, NotifyController],
  providers: [Forwarder],
  exports: [Forwarder],
})
export class ForwardingModule {}
