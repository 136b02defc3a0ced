import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { acknowledgeTaskRequest, listTasksRequest, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { AcknowledgeTaskUseCase } from './acknowledge-task.use-case.js';
import { Task, taskView } from './task.entity.js';

const LIST_LIMIT = 500;

/** A department sees and acknowledges only its own tasks. */
@Controller()
@UseGuards(AuthGuard)
@Roles('department_handler', 'department_head')
export class TasksRpc {
  constructor(
    private readonly dataSource: DataSource,
    private readonly acknowledgeTask: AcknowledgeTaskUseCase,
  ) {}

  @OnRpc(RpcPattern.DispatchListTasks)
  async list(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(listTasksRequest)) _input: object) {
    const tasks = await this.dataSource
      .getRepository(Task)
      .find({ where: { unitId: actor.orgId }, order: { createdAt: 'DESC' }, take: LIST_LIMIT });
    return tasks.map(taskView);
  }

  @OnRpc(RpcPattern.DispatchAcknowledgeTask)
  acknowledge(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(acknowledgeTaskRequest)) input: { taskId: string },
  ) {
    return this.acknowledgeTask.execute(actor, input.taskId);
  }
}
