import { baseEnv, portEnv, z } from '#libs/config';

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const gradingConfigSchema = z.object({
  ...baseEnv,
  ...portEnv(3003),
  /** A quarter's draft is made this many days after the quarter ends (in COUNTY_TIMEZONE). */
  GRADING_DRAFT_AFTER_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  /** How often the scheduler checks for a due draft; it also checks at start-up. */
  GRADING_SCHEDULE_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
  /** Off for tools (the bench) that grade by hand. */
  GRADING_SCHEDULE_ENABLED: flag.default(true),
  /** Days after publishing within which a school may appeal its grade. */
  GRADING_APPEAL_WINDOW_DAYS: z.coerce.number().int().min(1).max(90).default(15),
  /** The TrueType font (a .ttf or a .ttc collection) with Chinese glyphs that bulletins embed. */
  GRADING_BULLETIN_FONT: z.string().min(1).default('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'),
  /** The font's PostScript name inside a collection (ignored for a single .ttf). */
  GRADING_BULLETIN_FONT_NAME: z.string().min(1).default('WenQuanYiMicroHei'),
});
export type GradingConfig = z.infer<typeof gradingConfigSchema>;
