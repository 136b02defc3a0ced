import { baseEnv, isoPeriod, KeyRing, portEnv, z } from '#libs/config';
import { attachmentsEnv } from '#libs/storage';

const positive = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const megabytes = (fallback: number) => positive(fallback).transform((mb) => mb * 1024 * 1024);

export const intakeConfigSchema = z
  .object({
    ...baseEnv,
    ...portEnv(3001),
    /** County code at the start of every case reference, e.g. DM-2026-000123. */
    REFERENCE_PREFIX: z
      .string()
      .regex(/^[A-Z]{2,6}$/, '2 to 6 capital letters')
      .default('DM'),
    /** The field-encryption key ring: `kid1:<base64 32 bytes>,kid2:…` (see `npm run keys -- generate`). */
    INTAKE_KEYS: z.string({
      message: 'set the key ring, e.g. k1:<32 random bytes in base64> (npm run keys -- generate)',
    }),
    /** The key id new values are encrypted with; the last key of the ring when unset. */
    INTAKE_ACTIVE_KEY: z.string().optional(),
    /** The attachment store the gateway writes uploads to; intake checks and keeps them there. */
    ...attachmentsEnv,
    /** Size limits per kind of attachment, in MB. */
    ATTACHMENT_MAX_IMAGE_MB: megabytes(10),
    ATTACHMENT_MAX_PDF_MB: megabytes(20),
    ATTACHMENT_MAX_AUDIO_MB: megabytes(50),
    ATTACHMENT_MAX_VIDEO_MB: megabytes(200),
    /** 110-mailbox calls (new tips and follow-ups) accepted per minute from everyone together. */
    TIP_GLOBAL_PER_MINUTE: positive(600),
    /** Calls with one tracking code (and its right secret) accepted per minute. */
    TIP_PER_CODE_PER_MINUTE: positive(30),
    /** Wrong secrets for one tracking code before it locks; each further one doubles the wait. */
    TIP_MAX_FAILURES: positive(5),
    TIP_LOCKOUT_SECONDS: positive(60),
    /** How long the texts of a tip refused at triage (false, prank, spam, duplicate) are kept after it. */
    RETENTION_CLOSED_TIPS: isoPeriod('P1Y'),
    /** How long the texts of a report, or of a tip that became a case, are kept after the case's final status. */
    RETENTION_CLOSED_CASES: isoPeriod('P3Y'),
    /** How often what is due is anonymised (every process sweeps; row locks share the work). */
    RETENTION_SWEEP_MS: z.coerce.number().int().min(500).default(3_600_000),
    /** Tips or reports anonymised per transaction. */
    RETENTION_BATCH: z.coerce.number().int().min(1).max(1000).default(50),
  })
  .superRefine((config, context) => {
    try {
      KeyRing.parse(config.INTAKE_KEYS, config.INTAKE_ACTIVE_KEY);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message, path: ['INTAKE_KEYS'] });
    }
  });
export type IntakeConfig = z.infer<typeof intakeConfigSchema>;
