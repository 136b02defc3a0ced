import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { RubricsService } from './rubrics.service.js';

const { GradingGetRubric: Get, GradingPutRubric: Put } = Routes;

@Controller()
@UseGuards(AuthGuard)
export class RubricsRpc {
  constructor(private readonly rubrics: RubricsService) {}

  /** Anyone signed in may read how schools are graded. */
  @OnRoute(Get)
  get(input: In<typeof Get>) {
    return this.rubrics.get(input.version);
  }

  @OnRoute(Put)
  put(input: In<typeof Put>, actor: Actor) {
    return this.rubrics.create(actor, input);
  }
}
