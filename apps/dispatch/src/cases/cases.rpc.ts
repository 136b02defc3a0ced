import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import {
  assessCaseRequest,
  assignCaseRequest,
  confirmCaseRequest,
  disputeCaseRequest,
  getCaseRequest,
  listCasesRequest,
  mergeCaseRequest,
  reopenCaseRequest,
  RpcPattern,
  screenCaseRequest,
  verifyCaseRequest,
} from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { type AssignCase, AssignCaseUseCase } from './assign-case.use-case.js';
import { CaseCommands } from './case-commands.js';
import { GetCaseQuery } from './get-case.query.js';
import { ListCasesQuery } from './list-cases.query.js';

type In<S extends z.ZodType> = z.infer<S>;

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
  @OnRpc(RpcPattern.DispatchListCases)
  @Roles('taskforce_dispatcher', 'supervisor', 'bureau_reviewer', 'administrator')
  list(@Payload(new ZodValidationPipe(listCasesRequest)) input: In<typeof listCasesRequest>) {
    return this.listCases.execute(input);
  }

  /** Who sees which case is decided by the query (the school its own, a unit the cases it works on). */
  @OnRpc(RpcPattern.DispatchGetCase)
  @Roles(
    'taskforce_dispatcher',
    'supervisor',
    'bureau_reviewer',
    'administrator',
    'school_reporter',
    'department_handler',
    'department_head',
  )
  get(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(getCaseRequest)) input: In<typeof getCaseRequest>) {
    return this.getCase.execute(actor, input.caseId);
  }

  @OnRpc(RpcPattern.DispatchScreenCase)
  @Roles('bureau_reviewer')
  screen(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(screenCaseRequest)) input: In<typeof screenCaseRequest>,
  ) {
    return this.commands.screen(actor, input);
  }

  @OnRpc(RpcPattern.DispatchAssessCase)
  @Roles('taskforce_dispatcher')
  assess(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(assessCaseRequest)) input: In<typeof assessCaseRequest>,
  ) {
    return this.commands.assess(actor, input);
  }

  @OnRpc(RpcPattern.DispatchAssignCase)
  @Roles('taskforce_dispatcher')
  assign(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(assignCaseRequest)) input: AssignCase) {
    return this.assignCase.execute(actor, input);
  }

  @OnRpc(RpcPattern.DispatchVerifyCase)
  @Roles('taskforce_dispatcher')
  verify(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(verifyCaseRequest)) input: In<typeof verifyCaseRequest>,
  ) {
    return this.commands.verify(actor, input);
  }

  @OnRpc(RpcPattern.DispatchReopenCase)
  @Roles('taskforce_dispatcher')
  reopen(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(reopenCaseRequest)) input: In<typeof reopenCaseRequest>,
  ) {
    return this.commands.reopen(actor, input);
  }

  @OnRpc(RpcPattern.DispatchMergeCase)
  @Roles('taskforce_dispatcher')
  merge(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(mergeCaseRequest)) input: In<typeof mergeCaseRequest>,
  ) {
    return this.commands.merge(actor, input);
  }

  @OnRpc(RpcPattern.DispatchConfirmCase)
  @Roles('school_reporter')
  confirm(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(confirmCaseRequest)) input: In<typeof confirmCaseRequest>,
  ) {
    return this.commands.confirm(actor, input);
  }

  @OnRpc(RpcPattern.DispatchDisputeCase)
  @Roles('school_reporter')
  dispute(
    @CurrentActor() actor: Actor,
    @Payload(new ZodValidationPipe(disputeCaseRequest)) input: In<typeof disputeCaseRequest>,
  ) {
    return this.commands.dispute(actor, input);
  }
}
