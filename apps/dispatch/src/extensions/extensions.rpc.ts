import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { decideExtensionRequest, requestExtensionRequest, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { type DecideExtension, DecideExtensionUseCase } from './decide-extension.use-case.js';
import { type RequestExtension, RequestExtensionUseCase } from './request-extension.use-case.js';

/** The task's unit asks for more time; the task force decides. */
@Controller()
@UseGuards(AuthGuard)
export class ExtensionsRpc {
  constructor(
    private readonly requestExtension: RequestExtensionUseCase,
    private readonly decideExtension: DecideExtensionUseCase,
  ) {}

  @OnRpc(RpcPattern.DispatchRequestExtension)
  @Roles('department_handler', 'department_head')
  request(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(requestExtensionRequest)) input: RequestExtension,
  ) {
    return this.requestExtension.execute(actor, input);
  }

  @OnRpc(RpcPattern.DispatchDecideExtension)
  @Roles('taskforce_dispatcher')
  decide(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(decideExtensionRequest)) input: DecideExtension) {
    return this.decideExtension.execute(actor, input);
  }
}
