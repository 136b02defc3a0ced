import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CaseStatus } from '#libs/contracts';
import { caseView } from './case-view.js';
import { Case } from './case.entity.js';

const LIST_LIMIT = 500;

/** The county's cases, newest first, optionally in one status. */
@Injectable()
export class ListCasesQuery {
  constructor(private readonly dataSource: DataSource) {}

  async execute(status?: CaseStatus) {
    const cases = await this.dataSource.getRepository(Case).find({
      where: status ? { status } : {},
      order: { reportedAt: 'DESC' },
      take: LIST_LIMIT,
    });
    return cases.map(caseView);
  }
}
