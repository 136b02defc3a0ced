import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { AssignCaseUseCase } from './assign-case.use-case.js';
import { CaseTransitions } from './case-transitions.js';
import { Case } from './case.entity.js';
import { CasesRpc } from './cases.rpc.js';
import { ListCasesQuery } from './list-cases.query.js';
import { OpenCaseHandler } from './open-case.handler.js';

@Module({
  imports: [TypeOrmModule.forFeature([Case]), DeadlinesModule],
  controllers: [CasesRpc, OpenCaseHandler],
  providers: [AssignCaseUseCase, ListCasesQuery, CaseTransitions],
  exports: [CaseTransitions],
})
export class CasesModule {}
