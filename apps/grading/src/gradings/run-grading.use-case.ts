import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '#libs/config';
import type { Tier } from '#libs/contracts';
import { AppError } from '#libs/errors';
import type { GradingConfig } from '../config.js';
import { quarterBounds, termOfQuarter } from '../quarters/quarters.js';
import type { RubricDefinition } from '../rubric/rubric.js';
import { RubricsService } from '../rubric/rubrics.service.js';
import { moveOf, reasonsFor, scoreSchool } from '../rubric/score.js';
import { gradedIn } from '../schools/school-service.js';
import { GRADING_INPUTS_SQL, inputsFromArray } from './grading-inputs.sql.js';

interface InputRow {
  schoolId: string;
  retiredAt: Date | null;
  inputs: number[];
  previousTier: Tier | null;
  previousInputs: number[] | null;
  previousRubricVersion: number | null;
}

/** Rows per INSERT of grades: one statement of arrays each, whatever the county's size. */
const INSERT_CHUNK = 5000;

/**
 * Makes a quarter's draft: every school scored under the current rubric from one set-based read of
 * the inputs, but those retired before the quarter began. Running it again replaces the draft; a published quarter is never run again.
 */
@Injectable()
export class RunGradingUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rubrics: RubricsService,
    @Inject(APP_CONFIG) private readonly config: GradingConfig,
  ) {}

  /** `onlyIfAbsent`: the scheduler's run, which leaves a quarter alone once anyone has drafted it. */
  async execute(quarter: string, options: { onlyIfAbsent?: boolean } = {}) {
    const { start, end } = quarterBounds(quarter, this.config.COUNTY_TIMEZONE);
    if (start.getTime() > Date.now()) throw AppError.badRequest('quarter: has not started yet', 'quarter');
    return this.dataSource.transaction(async (manager) => {
      // One run of a quarter at a time, in any process: Postgres decides.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`grading:run:${quarter}`]);
      const [existing]: Array<{ status: string }> = await manager.query(
        'SELECT status FROM grading.gradings WHERE quarter = $1',
        [quarter],
      );
      if (existing && options.onlyIfAbsent) return null;
      if (existing?.status === 'published') throw AppError.conflict(`${quarter} is published and never graded again`);
      const rubric = await this.rubrics.get('current', manager);
      const rows = (
        await manager.query<InputRow[]>(GRADING_INPUTS_SQL, [start, end, termOfQuarter(quarter), quarter])
      ).filter((row) => gradedIn(row.retiredAt, start));
      const previousRubric = await this.previousRubric(manager, rows);
      const grades = rows.map((row) => this.grade(rubric.definition, previousRubric, row));

      await manager.query('DELETE FROM grading.grades WHERE quarter = $1', [quarter]);
      await manager.query(
        `INSERT INTO grading.gradings (quarter, status, rubric_version, drafted_at) VALUES ($1, 'draft', $2, now())
         ON CONFLICT (quarter) DO UPDATE SET rubric_version = EXCLUDED.rubric_version, drafted_at = EXCLUDED.drafted_at`,
        [quarter, rubric.version],
      );
      for (let from = 0; from < grades.length; from += INSERT_CHUNK) {
        const chunk = grades.slice(from, from + INSERT_CHUNK);
        await manager.query(
          `INSERT INTO grading.grades (quarter, school_id, score, tier, previous_tier, move, vetoes, reasons, inputs)
           SELECT $1, u.school_id, u.score, u.tier, u.previous_tier, u.move, u.vetoes, u.reasons, u.inputs::int[]
             FROM unnest($2::uuid[], $3::numeric[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[], $9::text[])
               AS u(school_id, score, tier, previous_tier, move, vetoes, reasons, inputs)`,
          [
            quarter,
            chunk.map((g) => g.schoolId),
            chunk.map((g) => g.score),
            chunk.map((g) => g.tier),
            chunk.map((g) => g.previousTier),
            chunk.map((g) => g.move),
            chunk.map((g) => JSON.stringify(g.vetoes)),
            chunk.map((g) => JSON.stringify(g.reasons)),
            chunk.map((g) => `{${g.inputs.join(',')}}`),
          ],
        );
      }
      return { quarter, status: 'draft' as const, rubricVersion: rubric.version, schools: grades.length };
    });
  }

  private async previousRubric(manager: EntityManager, rows: InputRow[]): Promise<RubricDefinition | null> {
    const version = rows.find((row) => row.previousRubricVersion !== null)?.previousRubricVersion;
    return version ? (await this.rubrics.get(version, manager)).definition : null;
  }

  private grade(rubric: RubricDefinition, previousRubric: RubricDefinition | null, row: InputRow) {
    const result = scoreSchool(rubric, inputsFromArray(row.inputs));
    const move = moveOf(result.tier, row.previousTier);
    const previous =
      previousRubric && row.previousInputs
        ? scoreSchool(previousRubric, inputsFromArray(row.previousInputs)).breakdown
        : null;
    return {
      schoolId: row.schoolId,
      score: result.score,
      tier: result.tier,
      previousTier: row.previousTier,
      move,
      vetoes: result.vetoes,
      reasons: reasonsFor(move, result, previous),
      inputs: row.inputs,
    };
  }
}
