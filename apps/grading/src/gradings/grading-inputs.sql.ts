import { GRADING_INPUTS, type GradingInput } from '../rubric/rubric.js';

/** Each input as an expression over the aggregates below, kept in the order of GRADING_INPUTS. */
const INPUT_SQL: Record<GradingInput, string> = {
  cases: 'c.cases',
  tasks: 't.tasks',
  ackOnTime: 't.ack_on_time',
  ackBreached: 't.ack_breached',
  rectifyBreached: 't.rectify_breached',
  confirmedBullying: 'c.confirmed_bullying',
  seriousIncidents: 'c.serious_incidents',
  concealedIncidents: 'c.concealed_incidents',
  minorFindings: 'i.minor',
  majorFindings: 'i.major',
  criticalFindings: 'i.critical',
  checklistDone: 'l.done_count',
};

/**
 * Every school's inputs for one quarter in one set-based statement (no query per school), with its
 * tier and inputs in the last published quarter before it (the tier as amended by an appeal), and
 * when it was retired (the run leaves out those retired before the quarter began: `gradedIn`).
 * $1, $2: the quarter's bounds; $3: the checklist's term; $4: the quarter.
 * A case counts in the quarter it was opened in, with its tasks; a confirmed incident is a case
 * that reached CLOSED; a concealed one is a confirmed case that came from a tip rather than the
 * school's own report; a serious one is a confirmed life-safety case.
 */
export const GRADING_INPUTS_SQL = `
WITH prev AS (
  SELECT quarter, rubric_version FROM grading.gradings
   WHERE status = 'published' AND quarter < $4 ORDER BY quarter DESC LIMIT 1
),
amended AS (
  SELECT DISTINCT ON (school_id) school_id, amended_tier FROM grading.appeals
   WHERE quarter = (SELECT quarter FROM prev) AND decision = 'amend'
   ORDER BY school_id, decided_at DESC
),
c AS (
  SELECT school_id, count(*)::int AS cases,
         count(*) FILTER (WHERE category = 'bullying' AND closed_at IS NOT NULL)::int AS confirmed_bullying,
         count(*) FILTER (WHERE life_safety AND closed_at IS NOT NULL)::int AS serious_incidents,
         count(*) FILTER (WHERE source = 'tip' AND closed_at IS NOT NULL)::int AS concealed_incidents
    FROM grading.cases WHERE opened_at >= $1 AND opened_at < $2 GROUP BY school_id
),
t AS (
  SELECT k.school_id, count(*)::int AS tasks,
         count(*) FILTER (WHERE t.acknowledged_at IS NOT NULL AND t.ack_breached_at IS NULL)::int AS ack_on_time,
         count(*) FILTER (WHERE t.ack_breached_at IS NOT NULL)::int AS ack_breached,
         count(*) FILTER (WHERE t.rectify_breached_at IS NOT NULL)::int AS rectify_breached
    FROM grading.case_tasks t JOIN grading.cases k ON k.case_id = t.case_id
   WHERE k.opened_at >= $1 AND k.opened_at < $2 GROUP BY k.school_id
),
i AS (
  SELECT school_id, sum(minor_findings)::int AS minor, sum(major_findings)::int AS major,
         sum(critical_findings)::int AS critical
    FROM grading.inspections WHERE at >= $1 AND at < $2 GROUP BY school_id
)
SELECT s.id AS "schoolId",
       s.retired_at AS "retiredAt",
       ARRAY[${GRADING_INPUTS.map((input) => `COALESCE(${INPUT_SQL[input]}, 0)`).join(', ')}] AS inputs,
       COALESCE(amended.amended_tier, g.tier) AS "previousTier",
       g.inputs AS "previousInputs",
       prev.rubric_version AS "previousRubricVersion"
  FROM grading.schools s
  LEFT JOIN c ON c.school_id = s.id
  LEFT JOIN t ON t.school_id = s.id
  LEFT JOIN i ON i.school_id = s.id
  LEFT JOIN grading.checklists l ON l.school_id = s.id AND l.term = $3
  LEFT JOIN prev ON true
  LEFT JOIN grading.grades g ON g.quarter = prev.quarter AND g.school_id = s.id
  LEFT JOIN amended ON amended.school_id = s.id`;

export const inputsFromArray = (values: number[]) =>
  Object.fromEntries(GRADING_INPUTS.map((input, index) => [input, values[index] ?? 0])) as Record<GradingInput, number>;
