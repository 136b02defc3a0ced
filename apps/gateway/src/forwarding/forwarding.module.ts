import { Module } from '@nestjs/common';
import { CaseworkController } from './casework.controller.js';
import { Forwarder } from './forwarder.js';

@Module({ controllers: [CaseworkController], providers: [Forwarder], exports: [Forwarder] })
export class ForwardingModule {}
