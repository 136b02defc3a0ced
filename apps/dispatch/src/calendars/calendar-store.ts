import { DateTime } from 'luxon';
import type { EntityManager } from 'typeorm';
import {
  type CalendarLookup,
  type CalendarYear,
  type Clock,
  computeDueAt,
  type DueDate,
  type WorkingTimeSettings,
} from './working-time.js';

/** Years a window and its ladder can reach: a window and a step are each at most a year. */
const YEARS_AHEAD = 2;

/** The county calendar years from `fromYear` to `toYear`, read in the caller's transaction. */
export async function loadCalendars(manager: EntityManager, fromYear: number, toYear: number): Promise<CalendarLookup> {
  const rows = await manager.query<Array<{ year: number; off_days: string[]; workdays: string[] }>>(
    'SELECT year, off_days, workdays FROM dispatch.county_calendars WHERE year BETWEEN $1 AND $2',
    [fromYear, toYear],
  );
  const years = new Map<number, CalendarYear>(
    rows.map((row) => [row.year, { offDays: row.off_days, workdays: row.workdays }]),
  );
  return (year) => years.get(year);
}

/** The calendars any window starting between these instants can reach. */
export function loadCalendarsAround(
  manager: EntityManager,
  instants: readonly Date[],
  settings: WorkingTimeSettings,
): Promise<CalendarLookup> {
  const years = instants.map((at) => DateTime.fromJSDate(at).setZone(settings.zone).year);
  return loadCalendars(manager, Math.min(...years) - 1, Math.max(...years) + YEARS_AHEAD);
}

/**
 * Records the years a deadline needed and found no calendar for, once each: administrators are to
 * be told once per year (the notice itself is left to notify, which reads `notified_at`).
 */
export async function noteCalendarGaps(manager: EntityManager, from: Date, to: Date, zone: string): Promise<void> {
  const first = DateTime.fromJSDate(from).setZone(zone).year;
  const last = DateTime.fromJSDate(to).setZone(zone).year;
  await manager.query(
    `INSERT INTO dispatch.calendar_gaps (year)
     SELECT y FROM generate_series($1::int, $2::int) AS y
      WHERE NOT EXISTS (SELECT 1 FROM dispatch.county_calendars c WHERE c.year = y)
     ON CONFLICT (year) DO NOTHING`,
    [first, last],
  );
}

/**
 * {@link computeDueAt} with the calendars read in the caller's transaction; a deadline's missing
 * year is noted (`noteGaps`), a mere question (the due-date endpoint) writes nothing.
 */
export async function dueAtIn(
  manager: EntityManager,
  from: Date,
  within: string,
  clock: Clock,
  settings: WorkingTimeSettings,
  noteGaps = true,
): Promise<DueDate> {
  const calendars = clock === 'working' ? await loadCalendarsAround(manager, [from], settings) : () => undefined;
  const due = computeDueAt(from, within, clock, calendars, settings);
  if (due.calendarMissing && noteGaps) await noteCalendarGaps(manager, from, due.dueAt, settings.zone);
  return due;
}
