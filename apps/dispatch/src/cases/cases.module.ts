import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { AutoCloseSweeper } from './auto-close.sweeper.js';
import { Case } from './case.entity.js';
import { CasesRpc } from './cases.rpc.js';
import { GetCaseQuery } from './get-case.query.js';
import { ListCasesQuery } from './list-cases.query.js';
import { loopProviders } from './loop.providers.js';
import { OpenCaseHandler } from './open-case.handler.js';

@Module({
  imports: [TypeOrmModule.forFeature([Case]), DeadlinesModule],
  controllers: [CasesRpc, OpenCaseHandler],
  providers: [...loopProviders, ListCasesQuery, GetCaseQuery, AutoCloseSweeper],
  exports: loopProviders,
})
export class CasesModule {}
