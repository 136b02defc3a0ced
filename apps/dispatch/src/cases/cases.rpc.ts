import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { AssignCaseUseCase } from './assign-case.use-case.js';
import { CaseCommands } from './case-commands.js';
import { GetCaseQuery } from './get-case.query.js';
import { ListCasesQuery } from './list-cases.query.js';

const {
  DispatchListCases: List,
  DispatchGetCase: Get,
  DispatchScreenCase: Screen,
  DispatchAssessCase: Assess,
  DispatchAssignCase: Assign,
  DispatchVerifyCase: Verify,
  DispatchReopenCase: Reopen,
  DispatchMergeCase: Merge,
  DispatchConfirmCase: Confirm,
  DispatchDisputeCase: Dispute,
} = Routes;

@Controller()
@UseGuards(AuthGuard)
export class CasesRpc {
  constructor(
    private readonly listCases: ListCasesQuery,
    private readonly getCase: GetCaseQuery,
    private readonly assignCase: AssignCaseUseCase,
    private readonly commands: CaseCommands,
  ) {}

  /** County-wide roles see every case in the county. */
  @OnRoute(List)
  list(input: In<typeof List>) {
    return this.listCases.execute(input);
  }

  /** Who sees which case is decided by the query (the school its own, a unit the cases it works on). */
  @OnRoute(Get)
  get(input: In<typeof Get>, actor: Actor) {
    return this.getCase.execute(actor, input.caseId);
  }

  @OnRoute(Screen)
  screen(input: In<typeof Screen>, actor: Actor) {
    return this.commands.screen(actor, input);
  }

  @OnRoute(Assess)
  assess(input: In<typeof Assess>, actor: Actor) {
    return this.commands.assess(actor, input);
  }

  @OnRoute(Assign)
  assign(input: In<typeof Assign>, actor: Actor) {
    return this.assignCase.execute(actor, input);
  }

  @OnRoute(Verify)
  verify(input: In<typeof Verify>, actor: Actor) {
    return this.commands.verify(actor, input);
  }

  @OnRoute(Reopen)
  reopen(input: In<typeof Reopen>, actor: Actor) {
    return this.commands.reopen(actor, input);
  }

  @OnRoute(Merge)
  merge(input: In<typeof Merge>, actor: Actor) {
    return this.commands.merge(actor, input);
  }

  @OnRoute(Confirm)
  confirm(input: In<typeof Confirm>, actor: Actor) {
    return this.commands.confirm(actor, input);
  }

  @OnRoute(Dispute)
  dispute(input: In<typeof Dispute>, actor: Actor) {
    return this.commands.dispute(actor, input);
  }
}
