import { baseEnv, portEnv, z } from '#libs/config';

export const intakeConfigSchema = z.object({
  ...baseEnv,
  ...portEnv(3001),
  /** County code at the start of every case reference, e.g. DM-2026-000123. */
  REFERENCE_PREFIX: z
    .string()
    .regex(/^[A-Z]{2,6}$/, '2 to 6 capital letters')
    .default('DM'),
});
export type IntakeConfig = z.infer<typeof intakeConfigSchema>;
