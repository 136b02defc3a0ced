import { TIERS, type Tier } from '#libs/contracts';
import type { BreakdownLine, Criterion, GradingInput, GradingInputs, RubricDefinition, SchoolScore } from './rubric.js';

const round2 = (value: number) => Math.round(value * 100) / 100;

function inputsOf(criterion: Criterion): GradingInput[] {
  const { method } = criterion;
  if (method.kind === 'credit') return [method.input];
  if (method.kind === 'share') return [method.bad, method.total];
  return Object.keys(method.per) as GradingInput[];
}

function pointsOf(criterion: Criterion, inputs: GradingInputs): number {
  const { method, max } = criterion;
  switch (method.kind) {
    case 'credit':
      return Math.min(max, method.pointsEach * inputs[method.input]);
    case 'share': {
      const total = inputs[method.total];
      if (total <= 0) return max;
      return max * Math.max(0, 1 - inputs[method.bad] / total);
    }
    case 'deduct': {
      let lost = 0;
      for (const [input, each] of Object.entries(method.per)) lost += (each ?? 0) * inputs[input as GradingInput];
      return Math.max(0, max - lost);
    }
  }
}

/** One school's score, tier, vetoes and the points of each criterion with the inputs behind them. */
export function scoreSchool(rubric: RubricDefinition, inputs: GradingInputs): SchoolScore {
  const breakdown: BreakdownLine[] = rubric.criteria.map((criterion) => ({
    criterion: criterion.criterion,
    points: round2(pointsOf(criterion, inputs)),
    max: criterion.max,
    inputs: Object.fromEntries(inputsOf(criterion).map((input) => [input, inputs[input]])),
  }));
  const score = round2(breakdown.reduce((sum, line) => sum + line.points, 0));
  const vetoes = rubric.vetoes.filter((veto) => inputs[veto.input] >= veto.atLeast).map((veto) => veto.item);
  const tier: Tier =
    vetoes.length > 0
      ? 'non-compliant'
      : score >= rubric.thresholds.demonstration
        ? 'demonstration'
        : score >= rubric.thresholds.compliant
          ? 'compliant'
          : 'non-compliant';
  return { score, tier, vetoes, breakdown };
}

export type Move = 'up' | 'down' | 'same' | 'new';

/** Up or down from the previous tier; `new` when the school had none. */
export function moveOf(tier: Tier, previousTier: Tier | null): Move {
  if (previousTier === null) return 'new';
  const now = TIERS.indexOf(tier);
  const before = TIERS.indexOf(previousTier);
  return now === before ? 'same' : now < before ? 'up' : 'down';
}

export type Reason =
  | { kind: 'veto'; item: string }
  | { kind: 'criterion'; criterion: string; points: number; previousPoints: number | null; max: number };

/**
 * Why a school moved: the vetoes that applied, then the criteria whose points changed in the
 * direction of the move (against the previous quarter's points; against the max when there are none).
 */
export function reasonsFor(
  move: Move,
  current: SchoolScore,
  previous: ReadonlyArray<Pick<BreakdownLine, 'criterion' | 'points'>> | null,
): Reason[] {
  if (move === 'same' || move === 'new') return [];
  const reasons: Reason[] = current.vetoes.map((item) => ({ kind: 'veto', item }));
  for (const line of current.breakdown) {
    const before = previous?.find((p) => p.criterion === line.criterion)?.points ?? null;
    const changed = before === null ? (move === 'down' ? line.points < line.max : false) : line.points !== before;
    const sameWay = before === null || (move === 'down' ? line.points < before : line.points > before);
    if (changed && sameWay) {
      reasons.push({
        kind: 'criterion',
        criterion: line.criterion,
        points: line.points,
        previousPoints: before,
        max: line.max,
      });
    }
  }
  return reasons;
}
