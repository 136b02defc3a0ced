import { DateTime } from 'luxon';

/** A calendar quarter such as `2026-Q4`, in the county's zone. */
export type Quarter = `${number}-Q${1 | 2 | 3 | 4}`;

const QUARTER = /^(\d{4})-Q([1-4])$/;

export function parseQuarter(quarter: string): { year: number; q: number } {
  const match = QUARTER.exec(quarter);
  if (!match) throw new Error(`not a quarter: ${quarter}`);
  return { year: Number(match[1]), q: Number(match[2]) };
}

const format = (year: number, q: number) => `${year}-Q${q}` as Quarter;

/** The instants the quarter starts (inclusive) and ends (exclusive), midnight in the county's zone. */
export function quarterBounds(quarter: string, zone: string): { start: Date; end: Date } {
  const { year, q } = parseQuarter(quarter);
  const start = DateTime.fromObject({ year, month: (q - 1) * 3 + 1, day: 1 }, { zone });
  return { start: start.toJSDate(), end: start.plus({ months: 3 }).toJSDate() };
}

export function quarterOf(at: Date, zone: string): Quarter {
  const local = DateTime.fromJSDate(at, { zone });
  return format(local.year, Math.ceil(local.month / 3));
}

export function previousQuarter(quarter: string): Quarter {
  const { year, q } = parseQuarter(quarter);
  return q === 1 ? format(year - 1, 4) : format(year, q - 1);
}

/**
 * The school term whose safety checklist counts for a quarter: spring (February to July) for Q1
 * and Q2, autumn (September to January) for Q3 and Q4, named by the year the term starts in.
 */
export function termOfQuarter(quarter: string): string {
  const { year, q } = parseQuarter(quarter);
  return q <= 2 ? `${year}-spring` : `${year}-autumn`;
}

/**
 * The latest quarter whose draft is due at `now`: the draft of a quarter is due `afterDays` days
 * after it ends in the county's zone.
 */
export function dueQuarter(now: Date, afterDays: number, zone: string): Quarter {
  let quarter = previousQuarter(quarterOf(now, zone));
  while (DateTime.fromJSDate(quarterBounds(quarter, zone).end).plus({ days: afterDays }).toJSDate() > now) {
    quarter = previousQuarter(quarter);
  }
  return quarter;
}
