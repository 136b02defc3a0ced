import { DateTime } from 'luxon';
import { AppError } from '#libs/errors';

/** A period as instants: `from` inclusive, `to` exclusive; an end left open is undefined. */
export interface Period {
  from?: Date;
  to?: Date;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The period a caller asked for, read in the county's zone: a date stands for its whole county day
 * (so `to=2026-11-30` includes the 30th), an instant is taken as written. A period that ends before
 * it starts is a 400 naming `to`.
 */
export function resolvePeriod(input: { from?: string; to?: string }, zone: string): Period {
  const from = input.from === undefined ? undefined : bound(input.from, zone, 'from');
  const to = input.to === undefined ? undefined : bound(input.to, zone, 'to');
  if (from && to && from.getTime() > to.getTime()) throw AppError.badRequest('to: must not be before from', 'to');
  return { from, to };
}

function bound(value: string, zone: string, field: 'from' | 'to'): Date {
  const parsed = DATE.test(value) ? DateTime.fromISO(value, { zone }) : DateTime.fromISO(value, { setZone: true });
  if (!parsed.isValid) throw AppError.badRequest(`${field}: is not a real date or instant`, field);
  // A date's `to` is the start of the next county day: the whole day is in the period.
  return (DATE.test(value) && field === 'to' ? parsed.plus({ days: 1 }) : parsed).toJSDate();
}

export const STATS_DEFAULT_DAYS = 90;
/** Two years of weeks at most, so a weekly series stays a page long. */
export const STATS_MAX_DAYS = 731;

/** A statistic's period: closed at both ends, `to` now and `from` 90 days before it unless given. */
export function statsPeriod(input: { from?: string; to?: string }, zone: string, now: Date): Required<Period> {
  const period = resolvePeriod(input, zone);
  const to = period.to ?? now;
  const from = period.from ?? new Date(to.getTime() - STATS_DEFAULT_DAYS * 86_400_000);
  if (from.getTime() > to.getTime()) throw AppError.badRequest('from: must not be after to', 'from');
  if (to.getTime() - from.getTime() > STATS_MAX_DAYS * 86_400_000) {
    throw AppError.badRequest(`from: a period is at most ${STATS_MAX_DAYS} days`, 'from');
  }
  return { from, to };
}

/**
 * The county weeks (Monday to Sunday in `zone`) that a period touches, as the dates of their
 * Mondays: the rows of a weekly series, empty weeks included.
 */
export function countyWeeks(period: Required<Period>, zone: string): string[] {
  const weeks: string[] = [];
  const last = DateTime.fromJSDate(new Date(Math.max(period.from.getTime(), period.to.getTime() - 1)), { zone });
  for (
    let week = DateTime.fromJSDate(period.from, { zone }).startOf('week');
    week <= last;
    week = week.plus({ weeks: 1 })
  ) {
    weeks.push(week.toISODate()!);
  }
  return weeks;
}
