import { Module } from '@nestjs/common';
import { RubricsRpc } from './rubrics.rpc.js';
import { RubricsService } from './rubrics.service.js';

@Module({ controllers: [RubricsRpc], providers: [RubricsService], exports: [RubricsService] })
export class RubricsModule {}
