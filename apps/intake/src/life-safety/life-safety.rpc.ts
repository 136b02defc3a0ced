import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { LifeSafetyTerms } from './life-safety-terms.service.js';

const { IntakeGetLifeSafetyTerms: Get, IntakeSetLifeSafetyTerms: Set } = Routes;

@Controller()
@UseGuards(AuthGuard)
export class LifeSafetyRpc {
  constructor(private readonly terms: LifeSafetyTerms) {}

  @OnRoute(Get)
  async get() {
    return { terms: await this.terms.list() };
  }

  @OnRoute(Set)
  set(input: In<typeof Set>, actor: Actor) {
    return this.terms.replace(actor, input.terms);
  }
}
