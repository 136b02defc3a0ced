import { Module } from '@nestjs/common';
import { DuplicatesRpc } from './duplicates.rpc.js';
import { DuplicatesService } from './duplicates.service.js';

@Module({ controllers: [DuplicatesRpc], providers: [DuplicatesService] })
export class DuplicatesModule {}
