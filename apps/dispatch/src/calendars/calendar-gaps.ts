import type { EntityManager } from 'typeorm';
import { CalendarYearMissing } from '#libs/contracts';
import type { Outbox } from '#libs/messaging';

/**
 * Tells administrators of each year a deadline needed and found no calendar for, once per year: the
 * gap is marked told in the same transaction as its event, and a second transaction finds it told.
 */
export async function announceCalendarGaps(manager: EntityManager, outbox: Outbox): Promise<void> {
  const [years] = await manager.query<[Array<{ year: number; noticed_at: Date }>, number]>(
    `UPDATE dispatch.calendar_gaps SET notified_at = now()
      WHERE notified_at IS NULL AND loaded_at IS NULL RETURNING year, noticed_at`,
  );
  if (years.length === 0) return;
  await outbox.appendMany(
    manager,
    CalendarYearMissing,
    years.map((gap) => ({ year: gap.year, noticedAt: gap.noticed_at.toISOString() })),
  );
}
