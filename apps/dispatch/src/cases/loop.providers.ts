import type { Provider } from '@nestjs/common';
import { APP_CONFIG } from '#libs/config';
import type { DispatchConfig } from '../config.js';
import { TaskCommands } from '../tasks/task-commands.js';
import { AssignCaseUseCase } from './assign-case.use-case.js';
import { CaseCommands } from './case-commands.js';
import { TypeOrmUnitOfWork } from './typeorm-unit-of-work.js';

/** The loop's use cases are plain classes over ports; here they get the Postgres adapter. */
export const loopProviders: Provider[] = [
  TypeOrmUnitOfWork,
  {
    provide: CaseCommands,
    useFactory: (uow: TypeOrmUnitOfWork, config: DispatchConfig) =>
      new CaseCommands(uow, { autoCloseAfterDays: config.CASE_AUTO_CLOSE_DAYS }),
    inject: [TypeOrmUnitOfWork, APP_CONFIG],
  },
  {
    provide: AssignCaseUseCase,
    useFactory: (uow: TypeOrmUnitOfWork) => new AssignCaseUseCase(uow),
    inject: [TypeOrmUnitOfWork],
  },
  { provide: TaskCommands, useFactory: (uow: TypeOrmUnitOfWork) => new TaskCommands(uow), inject: [TypeOrmUnitOfWork] },
];
