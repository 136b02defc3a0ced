import { baseEnv, portEnv, z } from '#libs/config';

export const gatewayConfigSchema = z
  .object({
    ...baseEnv,
    ...portEnv(3000),
    /** Failed sign-ins for one username before it is refused for LOGIN_LOCKOUT_SECONDS. */
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
    LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).default(900),
    /** Lifetime of an access token. */
    JWT_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
    /** Seed the demo county (schools, departments, demo users) at start-up. */
    DEMO_SEED: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((value) => value === 'true' || value === '1'),
    /** Shared folder of attachment files (intake reads the same one). */
    ATTACHMENTS_DIR: z.string().min(1).default('.data/attachments'),
    /** The largest upload read at all, in MB; intake applies the smaller limit of each kind of file. */
    ATTACHMENT_MAX_MB: z.coerce.number().int().min(1).max(2048).default(200),
    /** Password of every demo user; required when DEMO_SEED is on. */
    DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  })
  .refine((config) => !config.DEMO_SEED || config.DEMO_PASSWORD, {
    message: 'is required when DEMO_SEED is on',
    path: ['DEMO_PASSWORD'],
  });
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
