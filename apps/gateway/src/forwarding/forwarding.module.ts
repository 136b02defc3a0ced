import { Module } from '@nestjs/common';
import { CaseworkController } from './casework.controller.js';
import { Forwarder } from './forwarder.js';
import { GradingController } from './grading.controller.js';

@Module({ controllers: [CaseworkController, GradingController], providers: [Forwarder], exports: [Forwarder] })
export class ForwardingModule {}
