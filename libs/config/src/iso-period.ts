import { DateTime, Duration } from 'luxon';
import { z } from 'zod';

export class PeriodError extends Error {}

/**
 * A period as configured: a positive ISO-8601 duration (P1Y, P18M, P30D, PT2S in tests). Years and
 * months stay calendar units, so P1Y ends on the same date a year on.
 */
export function parsePeriod(text: string): Duration {
  const period = Duration.fromISO(text);
  if (!period.isValid) {
    throw new PeriodError(`"${text}" is not an ISO-8601 duration; write one such as P1Y, P6M or P90D`);
  }
  if (Object.values(period.toObject()).some((part) => part < 0) || period.toMillis() <= 0) {
    throw new PeriodError(`"${text}" must be longer than nothing, such as P1Y`);
  }
  return period;
}

/** An ISO-8601 period variable checked at boot, so a typo stops the service instead of keeping data forever. */
export const isoPeriod = (fallback: string) =>
  z
    .string()
    .superRefine((value, context) => {
      try {
        parsePeriod(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .default(fallback);

/** The instant `period` before `now`, in calendar arithmetic on UTC. */
export const periodBefore = (now: Date, period: string): Date =>
  DateTime.fromJSDate(now, { zone: 'utc' }).minus(parsePeriod(period)).toJSDate();
