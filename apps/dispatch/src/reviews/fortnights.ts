import { DateTime } from 'luxon';

/**
 * The fortnight grid of the biweekly risk review (每两周研判): fortnights run Monday 00:00 to the
 * Monday two weeks later, county time, counted from a fixed anchor Monday, and each fortnight's
 * review is made on the Monday that ends it at the review time of day. Dates are county calendar
 * dates (`YYYY-MM-DD`); days are counted on the calendar, never as 24-hour spans, so a zone with
 * daylight saving would keep the grid on Mondays too.
 */
export const FORTNIGHT_DAYS = 14;

export interface Fortnight {
  /** The Monday it starts (county date). */
  start: string;
  /** The Monday after it (county date): the review's day, and the end of the period, exclusive. */
  end: string;
  /** The first and last instants, as `[from, to)`. */
  from: Date;
  to: Date;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Calendar days from one date to another, zone-free. */
const daysBetween = (from: string, to: string) =>
  Math.round(DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days);

const addDays = (date: string, days: number) =>
  DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() as string;

/** Why a date cannot be the anchor (or a fortnight's start), or undefined when it can. */
export function notAMonday(date: string): string | undefined {
  if (!DATE.test(date)) return 'must be a date as YYYY-MM-DD';
  const day = DateTime.fromISO(date, { zone: 'utc' });
  if (!day.isValid) return 'must be a real date';
  if (day.weekday !== 1) return 'must be a Monday';
  return undefined;
}

/** Why a date is not the start of a fortnight of the grid, or undefined when it is. */
export function notOnGrid(date: string, anchor: string): string | undefined {
  const problem = notAMonday(date);
  if (problem) return problem;
  if (daysBetween(anchor, date) % FORTNIGHT_DAYS !== 0) {
    return `must be the Monday a fortnight starts on (every other Monday from ${anchor})`;
  }
  return undefined;
}

/** The fortnight starting on a grid Monday, with its instants in the county zone. */
export function fortnight(start: string, zone: string): Fortnight {
  const end = addDays(start, FORTNIGHT_DAYS);
  return {
    start,
    end,
    from: DateTime.fromISO(start, { zone }).toJSDate(),
    to: DateTime.fromISO(end, { zone }).toJSDate(),
  };
}

/** The fortnight just before. */
export const previousFortnight = (of: Fortnight, zone: string) => fortnight(addDays(of.start, -FORTNIGHT_DAYS), zone);

/** The start of the grid fortnight that contains a county date. */
function fortnightContaining(date: string, anchor: string): string {
  const days = daysBetween(anchor, date);
  return addDays(anchor, Math.floor(days / FORTNIGHT_DAYS) * FORTNIGHT_DAYS);
}

/** The last fortnight that has ended by `now`: the default of a review made by hand. */
export function lastCompleteFortnight(now: Date, anchor: string, zone: string): Fortnight {
  const today = DateTime.fromJSDate(now, { zone }).toISODate() as string;
  return fortnight(addDays(fortnightContaining(today, anchor), -FORTNIGHT_DAYS), zone);
}

/**
 * The fortnight whose review is due by `now`: the last one whose closing Monday's review time has
 * passed. Before that time on a closing Monday it is still the one before. This is what the
 * schedule makes, and what start-up catches up on: only the latest due review, since the meeting
 * an older one was for has gone (any past fortnight can still be made by hand).
 */
export function dueFortnight(now: Date, anchor: string, zone: string, reviewTime: string): Fortnight {
  const last = lastCompleteFortnight(now, anchor, zone);
  return now < reviewDueAt(last, zone, reviewTime) ? previousFortnight(last, zone) : last;
}

/** When the review of a fortnight falls due (its closing Monday at the review time, county time). */
export function reviewDueAt(of: Fortnight, zone: string, reviewTime: string): Date {
  const [hour, minute] = reviewTime.split(':').map(Number);
  return DateTime.fromISO(of.end, { zone }).set({ hour, minute }).toJSDate();
}
