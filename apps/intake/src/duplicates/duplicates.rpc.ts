import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { DuplicatesService } from './duplicates.service.js';

const { IntakeListDuplicates: List, IntakeDismissDuplicate: Dismiss } = Routes;

@Controller()
@UseGuards(AuthGuard)
export class DuplicatesRpc {
  constructor(private readonly duplicates: DuplicatesService) {}

  @OnRoute(List)
  list(input: In<typeof List>, actor: Actor) {
    return this.duplicates.list(actor, input.caseId);
  }

  @OnRoute(Dismiss)
  dismiss(input: In<typeof Dismiss>, actor: Actor) {
    return this.duplicates.dismiss(actor, input.caseId, input.otherId);
  }
}
