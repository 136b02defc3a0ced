import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '#libs/auth';
import { AppError } from '#libs/errors';
import type { RubricDefinition } from './rubric.js';

export interface StoredRubric {
  version: number;
  definition: RubricDefinition;
  createdAt: Date;
}

/** Rubrics are versioned: a new definition is a new version; no version is ever edited. */
@Injectable()
export class RubricsService {
  constructor(private readonly dataSource: DataSource) {}

  async get(version: number | 'current', manager: EntityManager = this.dataSource.manager): Promise<StoredRubric> {
    const [row]: StoredRubric[] = await manager.query(
      version === 'current'
        ? 'SELECT version, definition, created_at AS "createdAt" FROM grading.rubrics ORDER BY version DESC LIMIT 1'
        : 'SELECT version, definition, created_at AS "createdAt" FROM grading.rubrics WHERE version = $1',
      version === 'current' ? [] : [version],
    );
    if (!row) throw AppError.notFound('rubric');
    return row;
  }

  async create(actor: Actor, definition: RubricDefinition): Promise<StoredRubric> {
    // The next number under a table lock: two administrators saving at once get two versions.
    return this.dataSource.transaction(async (manager) => {
      await manager.query('LOCK TABLE grading.rubrics IN SHARE ROW EXCLUSIVE MODE');
      const [row]: StoredRubric[] = await manager.query(
        `INSERT INTO grading.rubrics (version, definition, created_by)
         SELECT COALESCE(max(version), 0) + 1, $1, $2 FROM grading.rubrics
         RETURNING version, definition, created_at AS "createdAt"`,
        [JSON.stringify(definition), actor.userId],
      );
      return row;
    });
  }
}
