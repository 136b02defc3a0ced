import { baseEnv, portEnv, z } from '#libs/config';

export const dispatchConfigSchema = z.object({
  ...baseEnv,
  ...portEnv(3002),
  /** How often pending deadlines are re-armed from Postgres (and overdue ones fired). */
  DEADLINE_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
});
export type DispatchConfig = z.infer<typeof dispatchConfigSchema>;
