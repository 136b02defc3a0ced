import { Duration } from 'luxon';

export class RetentionPeriodError extends Error {}

/**
 * A retention period as configured: a positive ISO-8601 duration (P1Y, P18M, P30D, PT2S in tests).
 * Years and months stay calendar units, so P1Y ends on the same date a year on.
 */
export function parsePeriod(text: string): Duration {
  const period = Duration.fromISO(text);
  if (!period.isValid) {
    throw new RetentionPeriodError(`"${text}" is not an ISO-8601 duration; write one such as P1Y, P6M or P90D`);
  }
  if (Object.values(period.toObject()).some((part) => part < 0) || period.toMillis() <= 0) {
    throw new RetentionPeriodError(`"${text}" must be longer than nothing, such as P1Y`);
  }
  return period;
}
