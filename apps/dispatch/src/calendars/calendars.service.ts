import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import { APP_CONFIG } from '#libs/config';
import type { computeDueDateRequest, getCalendarRequest, updateCalendarRequest } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { LOGGER, type Logger } from '#libs/observability';
import type { DispatchConfig } from '../config.js';
import { DeadlineAlarm } from '../deadlines/deadline-alarm.js';
import { wakeUpsToArm } from '../deadlines/wake-up-plan.js';
import { dueAtIn } from './calendar-store.js';
import { recomputeCalendarMissingDeadlines } from './recompute-deadlines.js';
import { useWorkingTimeSettings, workingTimeSettingsOf } from './working-time-settings.js';
import type { WorkingTimeSettings } from './working-time.js';

export type GetCalendar = z.infer<typeof getCalendarRequest>;
export type UpdateCalendar = z.infer<typeof updateCalendarRequest>;
export type ComputeDueDate = z.infer<typeof computeDueDateRequest>;

export interface CalendarView {
  year: number;
  offDays: string[];
  workdays: string[];
  source: string;
  updatedAt: string;
}

interface CalendarRow {
  year: number;
  off_days: string[];
  workdays: string[];
  source: string;
  updated_at: Date;
}

const view = (row: CalendarRow): CalendarView => ({
  year: row.year,
  offDays: [...row.off_days].sort(),
  workdays: [...row.workdays].sort(),
  source: row.source,
  updatedAt: row.updated_at.toISOString(),
});

/** The county calendar per year, and the due-date arithmetic every timer uses. */
@Injectable()
export class CountyCalendars {
  readonly settings: WorkingTimeSettings;

  constructor(
    private readonly dataSource: DataSource,
    private readonly alarm: DeadlineAlarm,
    @Inject(APP_CONFIG) private readonly config: DispatchConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.settings = workingTimeSettingsOf(config);
    useWorkingTimeSettings(this.settings);
  }

  async get({ year }: GetCalendar): Promise<CalendarView> {
    const [row] = await this.dataSource.query<CalendarRow[]>(
      'SELECT year, off_days, workdays, source, updated_at FROM dispatch.county_calendars WHERE year = $1',
      [year],
    );
    if (!row) throw AppError.notFound('calendar');
    return view(row);
  }

  /** Loads or corrects a year; deadlines that were waiting for it are counted again in working time. */
  async update(actor: Actor, input: UpdateCalendar): Promise<CalendarView> {
    const source = input.source ?? 'administrator';
    return this.store(input.year, input.offDays, input.workdays, source, actor.userId);
  }

  /** Writes a year (replacing it, or only if absent) and recomputes what waited for it; arms after commit. */
  async store(
    year: number,
    offDays: readonly string[],
    workdays: readonly string[],
    source: string,
    updatedBy: string | null,
    onlyIfAbsent = false,
  ): Promise<CalendarView> {
    const { row, dueTimes, recomputed } = await this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<Array<CalendarRow | undefined>>(
        `INSERT INTO dispatch.county_calendars (year, off_days, workdays, source, updated_at, updated_by)
         VALUES ($1, $2::text[], $3::text[], $4, now(), $5)
         ON CONFLICT (year) DO ${onlyIfAbsent ? 'NOTHING' : 'UPDATE SET off_days = EXCLUDED.off_days, workdays = EXCLUDED.workdays, source = EXCLUDED.source, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by'}
         RETURNING year, off_days, workdays, source, updated_at`,
        [year, [...new Set(offDays)], [...new Set(workdays)], source, updatedBy],
      );
      if (!row) return { row, dueTimes: [], recomputed: 0 };
      await manager.query('UPDATE dispatch.calendar_gaps SET loaded_at = now() WHERE year = $1', [year]);
      const { recomputed, dueTimes } = await recomputeCalendarMissingDeadlines(manager, this.settings);
      return { row, dueTimes, recomputed };
    });
    if (recomputed > 0) this.logger.info({ year, recomputed }, 'calendar loaded: working-time deadlines recomputed');
    await this.alarm.arm(
      wakeUpsToArm(
        dueTimes.map((due) => due.getTime()),
        Date.now(),
        { slotMs: this.config.DEADLINE_SLOT_MS, horizonMs: this.config.DEADLINE_HORIZON_MS },
      ),
    );
    return row ? view(row) : this.get({ year });
  }

  async dueDate(input: ComputeDueDate): Promise<{ dueAt: string; calendarMissing: boolean }> {
    const due = await dueAtIn(
      this.dataSource.manager,
      new Date(input.from),
      input.within,
      input.clock,
      this.settings,
      false,
    );
    return { dueAt: due.dueAt.toISOString(), calendarMissing: due.calendarMissing };
  }
}
