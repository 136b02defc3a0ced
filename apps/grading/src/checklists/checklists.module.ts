import { Module } from '@nestjs/common';
import { ChecklistsRpc } from './checklists.rpc.js';
import { ChecklistsService } from './checklists.service.js';

@Module({ controllers: [ChecklistsRpc], providers: [ChecklistsService] })
export class ChecklistsModule {}
