import { chineseDaysCalendars } from './chinese-days-calendars.js';
import { type CalendarLookup, computeDueAt, fractionOfWindow, isWorkingWindow } from './working-time.js';

/**
 * Against the State Council's notice for 2026 (国务院办公厅关于2026年部分节假日安排的通知), as the
 * `chinese-days` package holds it, and with its key dates written out here by hand.
 */
const NOTICE_2026 = {
  offDays: [
    ...['2026-01-01', '2026-01-02', '2026-01-03'], // 元旦
    ...['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19'], // 春节
    ...['2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23'],
    ...['2026-04-04', '2026-04-05', '2026-04-06'], // 清明
    ...['2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05'], // 劳动节
    ...['2026-06-19', '2026-06-20', '2026-06-21'], // 端午
    ...['2026-09-25', '2026-09-26', '2026-09-27'], // 中秋
    ...['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'], // 国庆
  ],
  // 调休: Sunday 4 January, Saturdays 14 and 28 February, Saturday 9 May, Sunday 20 September, Saturday 10 October.
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

const settings = { zone: 'Asia/Shanghai', opens: '08:30', closes: '17:30' };
const library = chineseDaysCalendars();
const calendars: CalendarLookup = (year) => library.get(year);
const only2026: CalendarLookup = (year) => (year === 2026 ? library.get(2026) : undefined);

/** Due time in working time, written in Beijing time for readability. */
const working = (from: string, within: string, lookup = calendars) =>
  computeDueAt(new Date(from), within, 'working', lookup, settings);
const beijing = (local: string) => new Date(`${local}+08:00`).toISOString();

describe('the 2026 county calendar from chinese-days', () => {
  it('holds the notice: every day off and every make-up working day', () => {
    const year = library.get(2026)!;
    expect([...year.offDays].sort()).toEqual([...NOTICE_2026.offDays].sort());
    expect([...year.workdays].sort()).toEqual(NOTICE_2026.workdays);
  });

  it('holds the years before it, and nothing after 2026', () => {
    expect(library.get(2025)?.offDays).toContain('2025-10-01');
    expect(library.has(2027)).toBe(false);
  });

  it('makes only weekend days into working days', () => {
    for (const date of NOTICE_2026.workdays) {
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      expect([0, 6]).toContain(weekday);
    }
  });
});

describe('working time: a day part is the same time on the Nth working day', () => {
  it('skips the National Day week and counts the make-up Saturday after it', () => {
    expect(working('2026-09-30T10:00:00+08:00', 'P1D').dueAt.toISOString()).toBe(beijing('2026-10-08T10:00:00'));
    expect(working('2026-09-30T10:00:00+08:00', 'P2D').dueAt.toISOString()).toBe(beijing('2026-10-09T10:00:00'));
    expect(working('2026-09-30T10:00:00+08:00', 'P3D').dueAt.toISOString()).toBe(beijing('2026-10-10T10:00:00'));
  });

  it('counts the make-up Sunday before National Day', () => {
    expect(working('2026-09-18T09:00:00+08:00', 'P1D').dueAt.toISOString()).toBe(beijing('2026-09-20T09:00:00'));
  });

  it('counts the make-up Saturdays of the Spring Festival and skips its nine days off', () => {
    expect(working('2026-02-13T15:00:00+08:00', 'P1D').dueAt.toISOString()).toBe(beijing('2026-02-14T15:00:00'));
    expect(working('2026-02-13T15:00:00+08:00', 'P2D').dueAt.toISOString()).toBe(beijing('2026-02-24T15:00:00'));
    expect(working('2026-02-27T11:00:00+08:00', 'P1D').dueAt.toISOString()).toBe(beijing('2026-02-28T11:00:00'));
  });

  it('crosses into the new year over its holiday to the make-up Sunday', () => {
    expect(working('2025-12-31T12:00:00+08:00', 'P1D').dueAt.toISOString()).toBe(beijing('2026-01-04T12:00:00'));
  });

  it('skips Labour Day and counts the make-up Saturday of 9 May', () => {
    expect(working('2026-04-30T08:00:00+08:00', 'P1D').dueAt.toISOString()).toBe(beijing('2026-05-06T08:00:00'));
    expect(working('2026-05-08T08:00:00+08:00', 'P1D').dueAt.toISOString()).toBe(beijing('2026-05-09T08:00:00'));
  });

  it('skips an ordinary weekend, and a start on a day off counts from the next working day', () => {
    expect(working('2026-12-04T16:00:00+08:00', 'P1D').dueAt.toISOString()).toBe(beijing('2026-12-07T16:00:00'));
    expect(working('2026-10-03T10:00:00+08:00', 'P1D').dueAt.toISOString()).toBe(beijing('2026-10-08T10:00:00'));
    expect(working('2026-12-01T10:00:00+08:00', 'P1W').dueAt.toISOString()).toBe(beijing('2026-12-10T10:00:00'));
  });
});

describe('working time: an hour part counts office hours', () => {
  it('stays inside a working day', () => {
    expect(working('2026-12-01T09:00:00+08:00', 'PT2H').dueAt.toISOString()).toBe(beijing('2026-12-01T11:00:00'));
    expect(working('2026-12-01T16:30:00+08:00', 'PT1H').dueAt.toISOString()).toBe(beijing('2026-12-01T17:30:00'));
  });

  it('starts at the next opening when the clock starts outside office hours', () => {
    expect(working('2026-12-01T07:00:00+08:00', 'PT30M').dueAt.toISOString()).toBe(beijing('2026-12-01T09:00:00'));
    expect(working('2026-12-01T20:00:00+08:00', 'PT1H').dueAt.toISOString()).toBe(beijing('2026-12-02T09:30:00'));
    expect(working('2026-12-05T10:00:00+08:00', 'PT1H').dueAt.toISOString()).toBe(beijing('2026-12-07T09:30:00'));
  });

  it('carries what is left over the holiday to the next working day', () => {
    expect(working('2026-09-30T16:30:00+08:00', 'PT2H').dueAt.toISOString()).toBe(beijing('2026-10-08T09:30:00'));
    expect(working('2026-12-01T09:00:00+08:00', 'PT30H').dueAt.toISOString()).toBe(beijing('2026-12-04T12:00:00'));
    expect(working('2026-12-01T09:00:00+08:00', 'PT5S').dueAt.toISOString()).toBe(beijing('2026-12-01T09:00:05'));
  });

  it('adds the day part first, then the office hours', () => {
    expect(working('2026-12-04T16:00:00+08:00', 'P1DT2H').dueAt.toISOString()).toBe(beijing('2026-12-08T09:00:00'));
  });

  it('follows configured office hours', () => {
    const late = { zone: 'Asia/Shanghai', opens: '09:00', closes: '18:00' };
    const due = computeDueAt(new Date('2026-12-01T17:00:00+08:00'), 'PT2H', 'working', calendars, late);
    expect(due.dueAt.toISOString()).toBe(beijing('2026-12-02T10:00:00'));
  });
});

describe('calendar time and missing calendars', () => {
  it('counts a plain duration in calendar time, holidays or not', () => {
    const from = new Date('2026-09-30T16:30:00+08:00');
    expect(computeDueAt(from, 'PT3S', 'calendar', calendars, settings)).toEqual({
      dueAt: new Date('2026-09-30T16:30:03+08:00'),
      calendarMissing: false,
    });
    expect(computeDueAt(from, 'P1D', 'calendar', calendars, settings).dueAt.toISOString()).toBe(
      beijing('2026-10-01T16:30:00'),
    );
  });

  it('counts a window that reaches a year without a calendar in calendar time, and says so', () => {
    expect(working('2026-12-30T10:00:00+08:00', 'P3D', only2026)).toEqual({
      dueAt: new Date('2027-01-02T10:00:00+08:00'),
      calendarMissing: true,
    });
    expect(working('2026-12-01T10:00:00+08:00', 'P3D', only2026).calendarMissing).toBe(false);
    expect(working('2027-03-01T10:00:00+08:00', 'PT1H', only2026).calendarMissing).toBe(true);
  });

  it('answers the start itself for an empty window, and refuses months in working time', () => {
    const from = new Date('2026-10-03T10:00:00+08:00');
    expect(computeDueAt(from, 'PT0S', 'working', calendars, settings).dueAt).toEqual(from);
    expect(() => computeDueAt(from, 'P1M', 'working', calendars, settings)).toThrow(/working time/);
    expect(() => computeDueAt(from, 'soon', 'calendar', calendars, settings)).toThrow(/ISO-8601/);
    expect(isWorkingWindow('P1M')).toBe(false);
    expect(isWorkingWindow('P2DT4H')).toBe(true);
  });
});

describe('fractions of a window', () => {
  it('takes a share of the elapsed time in calendar time', () => {
    const at = fractionOfWindow(
      new Date('2026-12-01T00:00:00Z'),
      new Date('2026-12-01T00:00:10Z'),
      0.8,
      'calendar',
      calendars,
      settings,
    );
    expect(at.toISOString()).toBe('2026-12-01T00:00:08.000Z');
  });

  it('takes a share of the office hours in working time, never a night or a weekend', () => {
    // Friday 16:30 to Monday 16:30: one office hour on Friday, eight on Monday.
    const start = new Date('2026-12-04T16:30:00+08:00');
    const due = new Date('2026-12-07T16:30:00+08:00');
    expect(fractionOfWindow(start, due, 0.5, 'working', calendars, settings).toISOString()).toBe(
      beijing('2026-12-07T12:00:00'),
    );
    expect(fractionOfWindow(start, due, 0.1, 'working', calendars, settings).toISOString()).toBe(
      beijing('2026-12-04T17:24:00'),
    );
  });

  it('falls back to a share of the elapsed time without a calendar', () => {
    const start = new Date('2027-01-04T00:00:00Z');
    const due = new Date('2027-01-04T00:00:10Z');
    expect(fractionOfWindow(start, due, 0.5, 'working', only2026, settings).toISOString()).toBe(
      '2027-01-04T00:00:05.000Z',
    );
  });
});
