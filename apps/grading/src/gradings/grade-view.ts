import type { Tier } from '#libs/contracts';
import type { RubricDefinition } from '../rubric/rubric.js';
import { type Move, type Reason, scoreSchool } from '../rubric/score.js';
import { inputsFromArray } from './grading-inputs.sql.js';

/** A grade as stored, with the latest amendment of an appeal when there is one. */
export interface GradeRow {
  quarter: string;
  schoolId: string;
  score: string;
  tier: Tier;
  previousTier: Tier | null;
  move: Move;
  vetoes: string[];
  reasons: Reason[];
  inputs: number[];
  amendedTier: Tier | null;
  amendedBy: string | null;
  amendmentReason: string | null;
}

/** Columns of a {@link GradeRow}; `g` is grading.grades. */
export const GRADE_COLUMNS = `g.quarter, g.school_id AS "schoolId", g.score, g.tier, g.previous_tier AS "previousTier", g.move,
  g.vetoes, g.reasons, g.inputs, am.amended_tier AS "amendedTier", am.id AS "amendedBy", am.decision_reason AS "amendmentReason"`;

/** Joins each grade's latest amendment. */
export const AMENDMENT_JOIN = `LEFT JOIN LATERAL (
    SELECT id, amended_tier, decision_reason FROM grading.appeals a
     WHERE a.quarter = g.quarter AND a.school_id = g.school_id AND a.decision = 'amend'
     ORDER BY a.decided_at DESC LIMIT 1) am ON true`;

/** The breakdown is the grade's rubric applied again to its stored inputs: the same points, not stored twice. */
export function gradeView(row: GradeRow, rubric: RubricDefinition) {
  const { breakdown } = scoreSchool(rubric, inputsFromArray(row.inputs));
  return {
    schoolId: row.schoolId,
    score: Number(row.score),
    tier: row.tier,
    previousTier: row.previousTier,
    move: row.move,
    ...(row.vetoes.length > 0 ? { vetoed: true, vetoes: row.vetoes } : {}),
    ...(row.reasons.length > 0 ? { reasons: row.reasons } : {}),
    breakdown,
    ...(row.amendedTier
      ? { amendment: { tier: row.amendedTier, appealId: row.amendedBy, reason: row.amendmentReason } }
      : {}),
  };
}
