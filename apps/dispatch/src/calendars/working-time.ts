import { DateTime, Duration } from 'luxon';

/** How a window is counted: a plain duration, or working days and office hours of the county calendar. */
export const CLOCKS = ['calendar', 'working'] as const;
export type Clock = (typeof CLOCKS)[number];

/** One year of the county calendar, as ISO dates (`2026-10-01`): official days off and weekend days made working days (调休). */
export interface CalendarYear {
  offDays: readonly string[];
  workdays: readonly string[];
}

/** The calendar years known, by year; a year not there is missing (never guessed as Monday to Friday). */
export type CalendarLookup = (year: number) => CalendarYear | undefined;

/** Office hours (`HH:mm`, wall clock in `zone`) of every working day. */
export interface WorkingTimeSettings {
  zone: string;
  opens: string;
  closes: string;
}

export interface DueDate {
  dueAt: Date;
  /** A year the window touches has no calendar: the due time was counted as a plain duration instead. */
  calendarMissing: boolean;
}

/** Longest walk through days before giving up (a window is at most a year). */
const MAX_DAYS = 3 * 366;

class CalendarMissing extends Error {}

/** A window as an ISO-8601 duration of zero or more; refuses anything else. */
export function parseWindow(window: string): Duration {
  const duration = Duration.fromISO(window);
  if (!duration.isValid || duration.toMillis() < 0) throw new Error(`not an ISO-8601 duration: ${window}`);
  return duration;
}

/** Whether a window can be counted in working time: weeks, days, hours, minutes and seconds only. */
export function isWorkingWindow(window: string): boolean {
  const duration = Duration.fromISO(window);
  return duration.isValid && duration.years === 0 && duration.quarters === 0 && duration.months === 0;
}

/**
 * When a window that opens at `from` closes. In working time a day part is the same wall-clock
 * time on the Nth working day after the start day, and an hour part counts office hours on working
 * days from the next opening. Every timer and the due-date endpoint use this one function.
 */
export function computeDueAt(
  from: Date,
  window: string,
  clock: Clock,
  calendars: CalendarLookup,
  settings: WorkingTimeSettings,
): DueDate {
  const duration = parseWindow(window);
  const plain = { dueAt: plainDueAt(from, duration, settings.zone), calendarMissing: false };
  if (clock === 'calendar' || duration.toMillis() === 0) return plain;
  if (!isWorkingWindow(window)) throw new Error(`months and years cannot be counted in working time: ${window}`);
  try {
    return { dueAt: new WorkingTime(calendars, settings).add(from, duration), calendarMissing: false };
  } catch (error) {
    if (error instanceof CalendarMissing) return { ...plain, calendarMissing: true };
    throw error;
  }
}

/**
 * The instant at `fraction` of the window from `startAt` to `dueAt`, counted in the window's clock:
 * in working time, that share of the office hours between them (a reminder never lands in a night or
 * a holiday when the window has office hours); in calendar time, or without a calendar, that share of
 * the elapsed time.
 */
export function fractionOfWindow(
  startAt: Date,
  dueAt: Date,
  fraction: number,
  clock: Clock,
  calendars: CalendarLookup,
  settings: WorkingTimeSettings,
): Date {
  const linear = new Date(startAt.getTime() + Math.round(fraction * (dueAt.getTime() - startAt.getTime())));
  if (clock === 'calendar') return linear;
  try {
    const working = new WorkingTime(calendars, settings);
    const office = working.officeMillisBetween(startAt, dueAt);
    if (office <= 0) return linear;
    return working.addOfficeMillis(zoned(startAt, settings.zone), Math.round(fraction * office)).toJSDate();
  } catch (error) {
    if (error instanceof CalendarMissing) return linear;
    throw error;
  }
}

/** Calendar days count in the county's zone, so "P1D" across a DST change is still a day. */
function plainDueAt(from: Date, duration: Duration, zone: string): Date {
  return zoned(from, zone).plus(duration).toJSDate();
}

const zoned = (at: Date, zone: string) => DateTime.fromJSDate(at).setZone(zone);

function clockTime(value: string): { hour: number; minute: number } {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) throw new Error(`not an HH:mm time: ${value}`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

class WorkingTime {
  private readonly years = new Map<number, { off: Set<string>; work: Set<string> }>();
  private readonly opens: { hour: number; minute: number };
  private readonly closes: { hour: number; minute: number };

  constructor(
    private readonly calendars: CalendarLookup,
    private readonly settings: WorkingTimeSettings,
  ) {
    this.opens = clockTime(settings.opens);
    this.closes = clockTime(settings.closes);
  }

  add(from: Date, duration: Duration): Date {
    // Not normalized: "PT30H" is thirty office hours, never a day and six hours.
    const { weeks, days, hours, minutes, seconds, milliseconds } = duration.toObject();
    const dayPart = (weeks ?? 0) * 7 + (days ?? 0);
    const hourPart = Duration.fromObject({ hours, minutes, seconds, milliseconds }).toMillis();
    let at: DateTime = zoned(from, this.settings.zone);
    if (dayPart > 0) {
      let day = at.startOf('day');
      for (let counted = 0, walked = 0; counted < dayPart; walked++) {
        if (walked > MAX_DAYS) throw new Error('no working day found within three years');
        day = day.plus({ days: 1 });
        if (this.isWorkingDay(day)) counted++;
      }
      at = day.set({ hour: at.hour, minute: at.minute, second: at.second, millisecond: at.millisecond });
    }
    if (hourPart > 0) at = this.addOfficeMillis(at, hourPart);
    return at.toJSDate();
  }

  /** Counts `ms` of office hours from `at`, starting at the next opening when `at` is outside them. */
  addOfficeMillis(at: DateTime, ms: number): DateTime {
    let cursor = at;
    let left = ms;
    for (let walked = 0; walked <= MAX_DAYS; walked++) {
      const day = cursor.startOf('day');
      if (this.isWorkingDay(day)) {
        const open = day.set(this.opens);
        const close = day.set(this.closes);
        const start = cursor < open ? open : cursor;
        if (start < close) {
          const available = close.diff(start).toMillis();
          if (left <= available) return start.plus({ milliseconds: left });
          left -= available;
        }
      }
      cursor = day.plus({ days: 1 });
    }
    throw new Error('office hours not found within three years');
  }

  /** Office hours of working days between two instants. */
  officeMillisBetween(from: Date, to: Date): number {
    let total = 0;
    const end = zoned(to, this.settings.zone);
    let cursor = zoned(from, this.settings.zone);
    for (let walked = 0; cursor < end && walked <= MAX_DAYS; walked++) {
      const day = cursor.startOf('day');
      if (this.isWorkingDay(day)) {
        const open = day.set(this.opens);
        const close = day.set(this.closes);
        const start = cursor < open ? open : cursor;
        const stop = end < close ? end : close;
        if (start < stop) total += stop.diff(start).toMillis();
      }
      cursor = day.plus({ days: 1 });
    }
    return total;
  }

  private isWorkingDay(day: DateTime): boolean {
    const year = this.yearOf(day.year);
    const date = day.toISODate()!;
    if (year.work.has(date)) return true;
    if (year.off.has(date)) return false;
    return day.weekday <= 5;
  }

  private yearOf(year: number) {
    let known = this.years.get(year);
    if (!known) {
      const calendar = this.calendars(year);
      if (!calendar) throw new CalendarMissing(`no calendar for ${year}`);
      known = { off: new Set(calendar.offDays), work: new Set(calendar.workdays) };
      this.years.set(year, known);
    }
    return known;
  }
}
