import { Controller, UseGuards } from '@nestjs/common';
import { type Actor, AuthGuard } from '#libs/auth';
import { type RouteInput as In, Routes } from '#libs/contracts';
import { OnRoute } from '#libs/messaging';
import { AppealsService } from './appeals.service.js';
import { GetGradingQuery } from './get-grading.query.js';
import { ListAppealsQuery } from './list-appeals.query.js';
import { PublishGradingUseCase } from './publish-grading.use-case.js';
import { RunGradingUseCase } from './run-grading.use-case.js';

const {
  GradingRunGrading: Run,
  GradingGetGrading: Get,
  GradingPublishGrading: Publish,
  GradingListSchoolGrades: SchoolGrades,
  GradingFileAppeal: FileAppeal,
  GradingDecideAppeal: DecideAppeal,
  GradingListAppeals: ListAppeals,
} = Routes;

@Controller()
@UseGuards(AuthGuard)
export class GradingsRpc {
  constructor(
    private readonly runGrading: RunGradingUseCase,
    private readonly publishGrading: PublishGradingUseCase,
    private readonly gradings: GetGradingQuery,
    private readonly appeals: AppealsService,
    private readonly appealList: ListAppealsQuery,
  ) {}

  @OnRoute(Run)
  async run(input: In<typeof Run>) {
    return (await this.runGrading.execute(input.quarter))!;
  }

  @OnRoute(Get)
  get(input: In<typeof Get>) {
    return this.gradings.quarter(input);
  }

  @OnRoute(Publish)
  publish(input: In<typeof Publish>, actor: Actor) {
    return this.publishGrading.execute(actor, input.quarter);
  }

  @OnRoute(SchoolGrades)
  school(input: In<typeof SchoolGrades>, actor: Actor) {
    return this.gradings.school(actor, input);
  }

  @OnRoute(FileAppeal)
  fileAppeal(input: In<typeof FileAppeal>, actor: Actor) {
    return this.appeals.file(actor, input);
  }

  @OnRoute(DecideAppeal)
  decideAppeal(input: In<typeof DecideAppeal>, actor: Actor) {
    return this.appeals.decide(actor, input);
  }

  @OnRoute(ListAppeals)
  listAppeals(input: In<typeof ListAppeals>, actor: Actor) {
    return this.appealList.execute(actor, input);
  }
}
