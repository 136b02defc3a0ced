import { DateTime } from 'luxon';

export interface QuietHours {
  /** Local times of day in the county's zone, "HH:mm"; `from` after `to` spans midnight. */
  from: string;
  to: string;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/**
 * When the quiet hours that `now` falls in end, or null when `now` is outside them. Wall-clock
 * times in the county's zone: a window such as 22:00–07:00 spans midnight.
 */
export function quietUntil(now: Date, quiet: QuietHours | null, zone: string): Date | null {
  if (!quiet || quiet.from === quiet.to) return null;
  const local = DateTime.fromJSDate(now, { zone });
  const minute = local.hour * 60 + local.minute;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!inside) return null;
  const endToday = local.set({ hour: Math.floor(to / 60), minute: to % 60, second: 0, millisecond: 0 });
  // Past midnight of a window that started yesterday, the end is today; before midnight, tomorrow.
  const end = minute < to ? endToday : endToday.plus({ days: 1 });
  return end.toJSDate();
}
