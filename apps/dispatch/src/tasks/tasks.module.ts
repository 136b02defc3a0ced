import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { AcknowledgeTaskUseCase } from './acknowledge-task.use-case.js';
import { ListTasksQuery } from './list-tasks.query.js';
import { Task } from './task.entity.js';
import { TasksRpc } from './tasks.rpc.js';

@Module({
  imports: [TypeOrmModule.forFeature([Task]), CasesModule, DeadlinesModule],
  controllers: [TasksRpc],
  providers: [AcknowledgeTaskUseCase, ListTasksQuery],
})
export class TasksModule {}
