import { DateTime, Duration } from 'luxon';

/**
 * When a window that opens at `from` closes, for an ISO-8601 duration counted in calendar time.
 * Calendar days are counted in the county's zone, so "P1D" across a DST change is still a day.
 */
export function dueAt(from: Date, window: string, zone: string): Date {
  const duration = Duration.fromISO(window);
  if (!duration.isValid || duration.toMillis() <= 0) throw new Error(`not a positive ISO-8601 duration: ${window}`);
  return DateTime.fromJSDate(from).setZone(zone).plus(duration).toJSDate();
}
