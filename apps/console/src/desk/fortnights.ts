import { COUNTY_TIMEZONE } from '../shared/time.js';

/**
 * The biweekly review's fortnights as the console offers them: Monday to the Monday two weeks later
 * in the county's zone, every other Monday from the grid's anchor. The anchor is dispatch's
 * `REVIEW_ANCHOR_MONDAY`, whose default the console keeps (it talks to the API only); a county that
 * moved it gets the API's 400 naming `periodStart`, and the task force's "make now" (no date)
 * answers the grid's true last fortnight, which the page then selects.
 */
export const REVIEW_ANCHOR_MONDAY = '2026-01-05';
const DAY_MS = 86_400_000;
const FORTNIGHT_DAYS = 14;

/** Today's date in the county's zone, `YYYY-MM-DD` (en-CA writes dates that way). */
export function countyDate(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: COUNTY_TIMEZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** Calendar arithmetic on dates, zone-free (a date at UTC midnight). */
export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The starts of the last `count` fortnights that have ended by `now`, newest first. */
export function recentFortnights(now: Date, count: number, anchor = REVIEW_ANCHOR_MONDAY): string[] {
  const days = daysBetween(anchor, countyDate(now));
  const current = addDays(anchor, Math.floor(days / FORTNIGHT_DAYS) * FORTNIGHT_DAYS);
  return Array.from({ length: count }, (_, index) => addDays(current, -FORTNIGHT_DAYS * (index + 1)));
}

/** The fortnight's last day (its end is the Monday after, exclusive). */
export const lastDayOf = (start: string): string => addDays(start, FORTNIGHT_DAYS - 1);
