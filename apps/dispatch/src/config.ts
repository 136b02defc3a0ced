import { baseEnv, isoPeriod, portEnv, z } from '#libs/config';
import { notAMonday } from './reviews/fortnights.js';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

const officeTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day as HH:mm, such as 08:30');

export const dispatchConfigSchema = z
  .object({
    ...baseEnv,
    ...portEnv(3002),
    /** How often due deadlines are fired and the horizon's wake-ups armed from Postgres. */
    DEADLINE_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
    /** How far ahead wake-ups are kept in Redis; later deadlines are armed as they come into it. */
    DEADLINE_HORIZON_MS: z.coerce.number().int().min(10_000).default(300_000),
    /** Deadlines due within one slot share a wake-up at its end: the most a breach waits for it. */
    DEADLINE_SLOT_MS: z.coerce.number().int().min(10).max(1000).default(100),
    /** Deadlines fired per transaction (one statement and one outbox insert). */
    DEADLINE_FIRE_BATCH: z.coerce.number().int().min(1).max(10_000).default(2000),
    /**
     * Batches fired at once during a burst, each its own transaction and connection (of the pool's
     * 10): while one waits for Postgres another builds its events. Bench, 100k due at once, alternated
     * runs: 2 → 17.4–20.5k fired/s, 3 → 20.0–24.1k, 4 → 22.2–25.1k.
     */
    DEADLINE_FIRE_PARALLEL: z.coerce.number().int().min(1).max(8).default(3),
    /** County code in the references dispatch gives cases it opens itself (inspection, supervision). */
    REFERENCE_PREFIX: z
      .string()
      .regex(/^[A-Z]{2,6}$/)
      .default('DM'),
    /** Calendar days a verified case waits for the school's answer before it closes itself. */
    CASE_AUTO_CLOSE_DAYS: z.coerce.number().int().min(1).max(60).default(5),
    /** How often verified cases past that wait are looked for (Postgres holds the time; any process closes them). */
    CASE_AUTO_CLOSE_SWEEP_MS: z.coerce.number().int().min(500).default(60_000),
    /** Office hours of a working day (wall clock in COUNTY_TIMEZONE): what an hour part of a working-time window counts. */
    OFFICE_HOURS_OPEN: officeTime.default('08:30'),
    OFFICE_HOURS_CLOSE: officeTime.default('17:30'),
    /** The Monday the fortnights of the biweekly risk review are counted from (every other Monday from it). */
    REVIEW_ANCHOR_MONDAY: z
      .string()
      .refine((date) => notAMonday(date) === undefined, 'must be a Monday as YYYY-MM-DD, such as 2026-01-05')
      .default('2026-01-05'),
    /** The time of day (COUNTY_TIMEZONE) on the Monday ending a fortnight when its review is made. */
    REVIEW_TIME: officeTime.default('08:00'),
    /** How often the schedule checks for a due review; it also checks at start-up (the catch-up). */
    REVIEW_SCHEDULE_INTERVAL_MS: z.coerce.number().int().min(1000).default(300_000),
    /** Off for tools that make reviews by hand only. */
    REVIEW_SCHEDULE_ENABLED: flag.default(true),
    /** The time of day (COUNTY_TIMEZONE) each unit with open tasks is sent its daily digest; unset, none are sent. */
    DAILY_DIGEST_TIME: officeTime.optional(),
    /** `working`: digests on the county calendar's working days only; `every`: every day. */
    DAILY_DIGEST_DAYS: z.enum(['working', 'every']).default('working'),
    /** How often the digest schedule checks; it also checks at start-up (the same day's catch-up). */
    DAILY_DIGEST_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
    /** How long the free texts of a case (notes, reasons, summaries) are kept after it closes; intake keeps the report's as long. */
    RETENTION_CLOSED_CASES: isoPeriod('P3Y'),
    /** How often what is due is anonymised (every process sweeps; row locks share the work). */
    RETENTION_SWEEP_MS: z.coerce.number().int().min(500).default(3_600_000),
    /** Cases anonymised per transaction. */
    RETENTION_BATCH: z.coerce.number().int().min(1).max(1000).default(50),
    /** The TrueType font (a .ttf or a .ttc collection) with Chinese glyphs that the review's PDF embeds. */
    REVIEW_FONT: z.string().min(1).default('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
    /** The font's PostScript name inside a collection (ignored for a single .ttf). */
    REVIEW_FONT_NAME: z.string().min(1).default('WenQuanYiMicroHei'),
  })
  .refine((config) => config.OFFICE_HOURS_OPEN < config.OFFICE_HOURS_CLOSE, {
    message: 'must be later than OFFICE_HOURS_OPEN',
    path: ['OFFICE_HOURS_CLOSE'],
  })
  // A deadline must come into the horizon at least one reconciliation before it is due.
  .refine((config) => config.DEADLINE_HORIZON_MS >= 2 * config.DEADLINE_RECONCILE_INTERVAL_MS, {
    message: 'must be at least twice DEADLINE_RECONCILE_INTERVAL_MS',
    path: ['DEADLINE_HORIZON_MS'],
  });
export type DispatchConfig = z.infer<typeof dispatchConfigSchema>;
