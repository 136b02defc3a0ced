import { DateTime } from 'luxon';
import type { CalendarYear } from '../calendars/working-time.js';

/**
 * The county date whose digest is due at `now`: today, once its digest time has passed. A day
 * missed while dispatch was down is caught up later that day, never the next morning, when
 * today's digest says more.
 */
export function dueDigestDay(now: Date, zone: string, time: string): string | undefined {
  const local = DateTime.fromJSDate(now).setZone(zone);
  const [hour, minute] = time.split(':').map(Number);
  return local >= local.set({ hour, minute, second: 0, millisecond: 0 }) ? local.toISODate()! : undefined;
}

/**
 * Whether a county date is a working day by its year's calendar. Without the year, Monday to
 * Friday: a digest is a courtesy, not a deadline, so guessing costs at most one message.
 */
export function isWorkingDate(day: string, calendar: CalendarYear | undefined): boolean {
  if (calendar?.workdays.includes(day)) return true;
  if (calendar?.offDays.includes(day)) return false;
  return DateTime.fromISO(day).weekday <= 5;
}
