import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { assignCaseRequest, listCasesRequest, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { type AssignCase, AssignCaseUseCase } from './assign-case.use-case.js';
import { ListCasesQuery } from './list-cases.query.js';

@Controller()
@UseGuards(AuthGuard)
export class CasesRpc {
  constructor(
    private readonly listCases: ListCasesQuery,
    private readonly assignCase: AssignCaseUseCase,
  ) {}

  /** County-wide roles see every case in the county. */
  @OnRpc(RpcPattern.DispatchListCases)
  @Roles('taskforce_dispatcher', 'supervisor', 'bureau_reviewer', 'administrator')
  list(@Payload(new ZodValidationPipe(listCasesRequest)) input: z.infer<typeof listCasesRequest>) {
    return this.listCases.execute(input);
  }

  @OnRpc(RpcPattern.DispatchAssignCase)
  @Roles('taskforce_dispatcher')
  assign(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(assignCaseRequest)) input: AssignCase) {
    return this.assignCase.execute(actor, input);
  }
}
