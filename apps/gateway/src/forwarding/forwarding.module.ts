import { Module } from '@nestjs/common';
import { CaseworkController } from './casework.controller.js';
import { Forwarder } from './forwarder.js';
import { LoopController } from './loop.controller.js';

@Module({ controllers: [CaseworkController, LoopController], providers: [Forwarder], exports: [Forwarder] })
export class ForwardingModule {}
