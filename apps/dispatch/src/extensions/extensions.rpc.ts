import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { DecideExtensionUseCase } from './decide-extension.use-case.js';
import { RequestExtensionUseCase } from './request-extension.use-case.js';

const { DispatchRequestExtension: Request, DispatchDecideExtension: Decide } = Routes;

/** The task's unit asks for more time; the task force decides. */
@Controller()
@UseGuards(AuthGuard)
export class ExtensionsRpc {
  constructor(
    private readonly requestExtension: RequestExtensionUseCase,
    private readonly decideExtension: DecideExtensionUseCase,
  ) {}

  @OnRoute(Request)
  request(input: In<typeof Request>, actor: Actor) {
    return this.requestExtension.execute(actor, input);
  }

  @OnRoute(Decide)
  decide(input: In<typeof Decide>, actor: Actor) {
    return this.decideExtension.execute(actor, input);
  }
}
