import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import {
  acknowledgeTaskRequest,
  declineTaskRequest,
  listTasksRequest,
  rectifyTaskRequest,
  RpcPattern,
  taskFeedbackRequest,
  taskProgressRequest,
} from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { ListTasksQuery } from './list-tasks.query.js';
import { TaskCommands } from './task-commands.js';

type In<S extends z.ZodType> = z.infer<S>;

/** A department sees and works only its own tasks. */
@Controller()
@UseGuards(AuthGuard)
@Roles('department_handler', 'department_head')
export class TasksRpc {
  constructor(
    private readonly listTasks: ListTasksQuery,
    private readonly commands: TaskCommands,
  ) {}

  @OnRpc(RpcPattern.DispatchListTasks)
  list(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(listTasksRequest)) input: In<typeof listTasksRequest>,
  ) {
    return this.listTasks.execute(actor, input);
  }

  @OnRpc(RpcPattern.DispatchAcknowledgeTask)
  acknowledge(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(acknowledgeTaskRequest)) input: In<typeof acknowledgeTaskRequest>,
  ) {
    return this.commands.acknowledge(actor, input);
  }

  @OnRpc(RpcPattern.DispatchReportTaskProgress)
  progress(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(taskProgressRequest)) input: In<typeof taskProgressRequest>,
  ) {
    return this.commands.progress(actor, input);
  }

  @OnRpc(RpcPattern.DispatchGiveTaskFeedback)
  feedback(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(taskFeedbackRequest)) input: In<typeof taskFeedbackRequest>,
  ) {
    return this.commands.feedback(actor, input);
  }

  @OnRpc(RpcPattern.DispatchRectifyTask)
  rectify(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(rectifyTaskRequest)) input: In<typeof rectifyTaskRequest>,
  ) {
    return this.commands.rectify(actor, input);
  }

  @OnRpc(RpcPattern.DispatchDeclineTask)
  decline(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(declineTaskRequest)) input: In<typeof declineTaskRequest>,
  ) {
    return this.commands.decline(actor, input);
  }
}
