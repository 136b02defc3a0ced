import { chineseDaysCalendars } from '../calendars/chinese-days-calendars.js';
import type { CalendarLookup } from '../calendars/working-time.js';
import { planDeadlineSteps } from './deadline-steps.js';

const settings = { zone: 'Asia/Shanghai', opens: '08:30', closes: '17:30' };
const library = chineseDaysCalendars();
const calendars: CalendarLookup = (year) => library.get(year);
const policy = {
  reminderFractions: [0.5, 0.8],
  ladder: [
    { level: 1, notify: 'unit-head' as const, after: 'PT0S' },
    { level: 2, notify: 'taskforce' as const, after: 'PT4H' },
    { level: 3, notify: 'supervisor' as const, after: 'P1D' },
  ],
};
const plan = (startAt: string, dueAt: string, clock: 'calendar' | 'working', p = policy) =>
  planDeadlineSteps({ startAt: new Date(startAt), dueAt: new Date(dueAt), clock }, p, calendars, settings).map(
    (step) => ({
      step: step.step,
      seq: step.seq,
      at: step.dueAt.toISOString(),
      level: step.level,
      notify: step.notify,
    }),
  );

describe('planDeadlineSteps', () => {
  it('plans reminders at fractions of the window, the breach, then the ladder, in calendar time', () => {
    expect(plan('2026-12-01T00:00:00Z', '2026-12-01T00:00:10Z', 'calendar')).toEqual([
      { step: 'reminder:0.5', seq: 0, at: '2026-12-01T00:00:05.000Z', level: null, notify: null },
      { step: 'reminder:0.8', seq: 1, at: '2026-12-01T00:00:08.000Z', level: null, notify: null },
      { step: 'breach', seq: 100, at: '2026-12-01T00:00:10.000Z', level: null, notify: null },
      { step: 'escalation:1', seq: 101, at: '2026-12-01T00:00:10.000Z', level: 1, notify: 'unit-head' },
      { step: 'escalation:2', seq: 102, at: '2026-12-01T04:00:10.000Z', level: 2, notify: 'taskforce' },
      { step: 'escalation:3', seq: 103, at: '2026-12-02T00:00:10.000Z', level: 3, notify: 'supervisor' },
    ]);
  });

  it('counts the ladder in working time after a breach on the eve of National Day', () => {
    // Nine office hours from Tuesday 16:30 to Wednesday 16:30, half of them by Wednesday noon. Four office hours later is 8 October 11:30; a working day later, 8 October 16:30.
    const steps = plan('2026-09-29T16:30:00+08:00', '2026-09-30T16:30:00+08:00', 'working');
    expect(steps.find((s) => s.step === 'reminder:0.5')?.at).toBe(new Date('2026-09-30T12:00:00+08:00').toISOString());
    expect(steps.find((s) => s.step === 'escalation:1')?.at).toBe(new Date('2026-09-30T16:30:00+08:00').toISOString());
    expect(steps.find((s) => s.step === 'escalation:2')?.at).toBe(new Date('2026-10-08T11:30:00+08:00').toISOString());
    expect(steps.find((s) => s.step === 'escalation:3')?.at).toBe(new Date('2026-10-08T16:30:00+08:00').toISOString());
  });

  it('keeps the steps in firing order whatever their due times share', () => {
    const steps = plan('2026-12-01T00:00:00Z', '2026-12-01T00:00:04Z', 'calendar');
    const order = [...steps].sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq).map((s) => s.step);
    expect(order).toEqual(steps.map((s) => s.step));
  });

  it('plans no reminder for an empty window, and only the breach without a policy', () => {
    expect(plan('2026-12-01T00:00:04Z', '2026-12-01T00:00:04Z', 'calendar').map((s) => s.step)).toEqual([
      'breach',
      'escalation:1',
      'escalation:2',
      'escalation:3',
    ]);
    expect(
      plan('2026-12-01T00:00:00Z', '2026-12-01T00:00:04Z', 'calendar', { reminderFractions: [], ladder: [] }),
    ).toEqual([{ step: 'breach', seq: 100, at: '2026-12-01T00:00:04.000Z', level: null, notify: null }]);
  });
});
