import { GRADING_INPUT_NAMES, type Tier } from '#libs/contracts';

/**
 * What the quarterly run computes for each school, in this order (the order they are stored in).
 * A task is one unit's share of a case opened in the quarter.
 */
export const GRADING_INPUTS = GRADING_INPUT_NAMES;
export type GradingInput = (typeof GRADING_INPUTS)[number];
export type GradingInputs = Record<GradingInput, number>;

/** How a criterion's points come from the inputs. */
export type CriterionMethod =
  /** `pointsEach` per unit of `input`, up to the criterion's max. */
  | { kind: 'credit'; input: GradingInput; pointsEach: number }
  /** The max times the share of `total` that is not `bad`; the full max when `total` is 0. */
  | { kind: 'share'; bad: GradingInput; total: GradingInput }
  /** The max less `per[input]` for each unit of each input, never below 0. */
  | { kind: 'deduct'; per: Partial<Record<GradingInput, number>> };

export interface Criterion {
  criterion: string;
  label: string;
  max: number;
  method: CriterionMethod;
}

/** An item that forces non-compliant whatever the score, when `input` reaches `atLeast`. */
export interface VetoItem {
  item: string;
  label: string;
  input: GradingInput;
  atLeast: number;
}

export interface RubricDefinition {
  criteria: Criterion[];
  /** The least score for each tier above non-compliant. */
  thresholds: { demonstration: number; compliant: number };
  vetoes: VetoItem[];
}

export interface BreakdownLine {
  criterion: string;
  points: number;
  max: number;
  inputs: Partial<GradingInputs>;
}

export interface SchoolScore {
  score: number;
  tier: Tier;
  /** The veto items that applied; empty when none. */
  vetoes: string[];
  breakdown: BreakdownLine[];
}
