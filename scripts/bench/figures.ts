/** One measured figure, with what it is judged against: an absolute goal, a limit of this machine, or both. */
export interface Figure {
  /** Stable id, e.g. `limit.jetstream.publish-pipelined`; other sections look limits up by it. */
  key: string;
  label: string;
  value: number;
  unit: string;
  goal?: { op: '>=' | '<='; value: number };
  /** A limit measured in the same run; `ratio` = value / limit, and `atLeast` is a goal on that ratio. */
  limit?: { label: string; value: number; atLeast?: number };
}

/** Everything a run found, in the order it was found. */
export class Results {
  readonly figures: Figure[] = [];
  readonly sections: Record<string, string> = {};
  readonly details: Record<string, unknown> = {};

  add(figure: Figure): Figure {
    this.figures.push(figure);
    return figure;
  }

  value(key: string): number | undefined {
    return this.figures.find((figure) => figure.key === key)?.value;
  }

  /** A limit to compare with, when the section that measures it ran in this run. */
  limit(key: string, atLeast?: number): Figure['limit'] {
    const figure = this.figures.find((f) => f.key === key);
    // Not measured in this run (its section not selected, or failed): the goal still shows, unjudged.
    if (!figure || !(figure.value > 0)) return { label: `${key}: not measured in this run`, value: NaN, atLeast };
    return { label: figure.label, value: figure.value, atLeast };
  }
}

export const ratioOf = (figure: Figure): number | undefined =>
  figure.limit && figure.limit.value > 0 ? figure.value / figure.limit.value : undefined;

/** True when every goal the figure has is met; undefined when it has none. */
export function goalMet(figure: Figure): boolean | undefined {
  const checks: boolean[] = [];
  if (figure.goal) {
    checks.push(figure.goal.op === '>=' ? figure.value >= figure.goal.value : figure.value <= figure.goal.value);
  }
  const ratio = ratioOf(figure);
  if (figure.limit?.atLeast !== undefined && ratio !== undefined) checks.push(ratio >= figure.limit.atLeast);
  return checks.length === 0 ? undefined : checks.every(Boolean);
}

/**
 * How far a figure is from its goal, 1 = exactly at it and above 1 = better than it, whichever way the
 * goal points (throughput up, latency down); the chart draws this.
 */
export function goalScore(figure: Figure): number | undefined {
  const scores: number[] = [];
  if (figure.goal && figure.goal.value > 0) {
    scores.push(
      figure.goal.op === '>=' ? figure.value / figure.goal.value : figure.goal.value / Math.max(figure.value, 1e-9),
    );
  } else if (figure.goal && figure.goal.value === 0) {
    scores.push(figure.value === 0 ? 1 : 0);
  }
  const ratio = ratioOf(figure);
  if (figure.limit?.atLeast && ratio !== undefined) scores.push(ratio / figure.limit.atLeast);
  return scores.length === 0 ? undefined : Math.min(...scores);
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 0.1 || value === 0) return value.toFixed(2);
  return value.toPrecision(2);
}

const goalText = (figure: Figure): string => {
  const parts: string[] = [];
  if (figure.goal) parts.push(`${figure.goal.op === '>=' ? '≥' : '≤'} ${formatNumber(figure.goal.value)}`);
  if (figure.limit?.atLeast !== undefined) parts.push(`≥ ${figure.limit.atLeast} × limit`);
  return parts.join(', ') || '—';
};

/** A plain-text table: figure, value, goal, limit compared with, ratio, verdict. */
export function formatTable(figures: Figure[]): string {
  const rows = figures.map((figure) => {
    const ratio = ratioOf(figure);
    const met = goalMet(figure);
    return [
      figure.label,
      `${formatNumber(figure.value)} ${figure.unit}`,
      goalText(figure),
      !figure.limit
        ? '—'
        : Number.isNaN(figure.limit.value)
          ? figure.limit.label
          : `${figure.limit.label} (${formatNumber(figure.limit.value)})`,
      ratio === undefined ? '—' : ratio.toFixed(3),
      met === undefined ? '' : met ? 'ok' : 'MISSED',
    ];
  });
  return table(['figure', 'value', 'goal', 'compared with', 'ratio', 'goal met'], rows);
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
