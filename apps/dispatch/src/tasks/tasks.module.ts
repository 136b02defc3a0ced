import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module.js';
import { ListTasksQuery } from './list-tasks.query.js';
import { Task } from './task.entity.js';
import { TasksRpc } from './tasks.rpc.js';

@Module({
  imports: [TypeOrmModule.forFeature([Task]), CasesModule],
  controllers: [TasksRpc],
  providers: [ListTasksQuery],
})
export class TasksModule {}
