import { baseEnv, parseSigningKey, portEnv, publishes, z } from '#libs/config';

export const gatewayConfigSchema = z
  .object({
    ...baseEnv,
    ...portEnv(3000),
    /** The private key that signs access tokens (a P-256 JWK with its kid); only the gateway has it. */
    JWT_SIGNING_KEY: z
      .string({ message: 'set the private token key (a P-256 JSON Web Key with a kid; see README, Security)' })
      .transform((text, context) => {
        try {
          return parseSigningKey(text);
        } catch (error) {
          context.addIssue({ code: 'custom', message: (error as Error).message });
          return z.NEVER;
        }
      }),
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
    /** Password of every demo user; required when DEMO_SEED is on. */
    DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  })
  .refine((config) => publishes(config.JWT_PUBLIC_KEYS, config.JWT_SIGNING_KEY), {
    message: "must list the signing key's public half under the same kid",
    path: ['JWT_PUBLIC_KEYS'],
  })
  .refine((config) => !config.DEMO_SEED || config.DEMO_PASSWORD, {
    message: 'is required when DEMO_SEED is on',
    path: ['DEMO_PASSWORD'],
  });
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
