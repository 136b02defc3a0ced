import { Module } from '@nestjs/common';
import { RubricsModule } from '../rubric/rubrics.module.js';
import { AppealsService } from './appeals.service.js';
import { DraftScheduler } from './draft-scheduler.js';
import { GetGradingQuery } from './get-grading.query.js';
import { GradingsRpc } from './gradings.rpc.js';
import { ListAppealsQuery } from './list-appeals.query.js';
import { PublishGradingUseCase } from './publish-grading.use-case.js';
import { RunGradingUseCase } from './run-grading.use-case.js';

@Module({
  imports: [RubricsModule],
  controllers: [GradingsRpc],
  providers: [
    RunGradingUseCase,
    PublishGradingUseCase,
    GetGradingQuery,
    AppealsService,
    ListAppealsQuery,
    DraftScheduler,
  ],
  exports: [GetGradingQuery],
})
export class GradingsModule {}
