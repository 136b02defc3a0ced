import {
  type CalendarLookup,
  type Clock,
  computeDueAt,
  fractionOfWindow,
  type WorkingTimeSettings,
} from '../calendars/working-time.js';
import type { EscalationPolicy } from '../escalation-policy/escalation-policy.js';

/** Steps due at the same instant fire in this order: reminders, the breach, then the ladder. */
export const BREACH_SEQ = 100;

/** One timer of a deadline: a reminder, the breach itself, or a rung of the ladder. */
export interface DeadlineStep {
  /** `reminder:0.5`, `breach`, `escalation:2`: unique within one version of a deadline. */
  step: string;
  seq: number;
  dueAt: Date;
  fraction: number | null;
  level: number | null;
  notify: string | null;
}

/** A deadline's window, counted in its clock. */
export interface DeadlineWindow {
  startAt: Date;
  dueAt: Date;
  clock: Clock;
}

/**
 * Every step of one deadline: a reminder at each fraction of the window (counted in the window's
 * clock; none when the window is empty), the breach at its end, and each rung of the ladder
 * `after` the breach, in the same clock.
 */
export function planDeadlineSteps(
  window: DeadlineWindow,
  policy: EscalationPolicy,
  calendars: CalendarLookup,
  settings: WorkingTimeSettings,
): DeadlineStep[] {
  const steps: DeadlineStep[] = [];
  if (window.dueAt > window.startAt) {
    policy.reminderFractions.forEach((fraction, index) => {
      const at = fractionOfWindow(window.startAt, window.dueAt, fraction, window.clock, calendars, settings);
      if (at < window.dueAt) {
        steps.push({ step: `reminder:${fraction}`, seq: index, dueAt: at, fraction, level: null, notify: null });
      }
    });
  }
  steps.push({ step: 'breach', seq: BREACH_SEQ, dueAt: window.dueAt, fraction: null, level: null, notify: null });
  for (const rung of policy.ladder) {
    const at = computeDueAt(window.dueAt, rung.after, window.clock, calendars, settings).dueAt;
    steps.push({
      step: `escalation:${rung.level}`,
      seq: BREACH_SEQ + rung.level,
      dueAt: at,
      fraction: null,
      level: rung.level,
      notify: rung.notify,
    });
  }
  return steps;
}
