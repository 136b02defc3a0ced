import { Controller, UseGuards } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { type Actor, AuthGuard, CurrentActor, Roles } from '#libs/auth';
import { assignCaseRequest, listCasesRequest, RpcPattern } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';
import { OnRpc } from '#libs/messaging';
import { type AssignCase, AssignCaseUseCase } from './assign-case.use-case.js';
import { caseView } from './case-view.js';
import { Case } from './case.entity.js';

const LIST_LIMIT = 500;

@Controller()
@UseGuards(AuthGuard)
export class CasesRpc {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assignCase: AssignCaseUseCase,
  ) {}

  /** County-wide roles see every case in the county. */
  @OnRpc(RpcPattern.DispatchListCases)
  @Roles('taskforce_dispatcher', 'supervisor', 'bureau_reviewer', 'administrator')
  async list(@Payload(new ZodValidationPipe(listCasesRequest)) input: z.infer<typeof listCasesRequest>) {
    const cases = await this.dataSource.getRepository(Case).find({
      where: input.status ? { status: input.status } : {},
      order: { reportedAt: 'DESC' },
      take: LIST_LIMIT,
    });
    return cases.map(caseView);
  }

  @OnRpc(RpcPattern.DispatchAssignCase)
  @Roles('taskforce_dispatcher')
  assign(@CurrentActor() actor: Actor, @Payload(new ZodValidationPipe(assignCaseRequest)) input: AssignCase) {
    return this.assignCase.execute(actor, input);
  }
}
