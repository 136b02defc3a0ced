import { Module } from '@nestjs/common';
import { CaseworkController } from './casework.controller.js';
import { Forwarder } from './forwarder.js';
import { NotifyController } from './notify.controller.js';

@Module({ controllers: [CaseworkController, NotifyController], providers: [Forwarder], exports: [Forwarder] })
export class ForwardingModule {}
