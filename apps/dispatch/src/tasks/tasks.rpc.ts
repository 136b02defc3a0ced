import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { acknowledgeTaskRequest, listTasksRequest, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { AcknowledgeTaskUseCase } from './acknowledge-task.use-case.js';
import { ListTasksQuery } from './list-tasks.query.js';

/** A department sees and acknowledges only its own tasks. */
@Controller()
@UseGuards(AuthGuard)
@Roles('department_handler', 'department_head')
export class TasksRpc {
  constructor(
    private readonly listTasks: ListTasksQuery,
    private readonly acknowledgeTask: AcknowledgeTaskUseCase,
  ) {}

  @OnRpc(RpcPattern.DispatchListTasks)
  list(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(listTasksRequest)) input: z.infer<typeof listTasksRequest>,
  ) {
    return this.listTasks.execute(actor, input);
  }

  @OnRpc(RpcPattern.DispatchAcknowledgeTask)
  acknowledge(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(acknowledgeTaskRequest)) input: { taskId: string },
  ) {
    return this.acknowledgeTask.execute(actor, input.taskId);
  }
}
