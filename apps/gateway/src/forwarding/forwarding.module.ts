import { Module } from '@nestjs/common';
import { CalendarsController } from './calendars.controller.js';
import { CaseworkController } from './casework.controller.js';
import { ExtensionsController } from './extensions.controller.js';
import { Forwarder } from './forwarder.js';
import { LoopController } from './loop.controller.js';

@Module({
  controllers: [CaseworkController, LoopController, CalendarsController, ExtensionsController],
  providers: [Forwarder],
  exports: [Forwarder],
})
export class ForwardingModule {}
