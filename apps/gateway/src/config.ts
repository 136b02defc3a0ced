import { baseEnv, KeyRing, parseSigningKey, portEnv, publishes, z } from '#libs/config';
import { attachmentsEnv } from '#libs/storage';

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
    /** Failed sign-ins for one username from one address before it is slowed down (see login-throttle.ts). */
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
    /** Failed sign-ins for one username from all addresses before it is slowed down for everyone. */
    LOGIN_USER_MAX_FAILURES: z.coerce.number().int().min(1).default(100),
    /** Failed sign-ins from one address, over all usernames, before that address is refused. */
    LOGIN_CLIENT_MAX_FAILURES: z.coerce.number().int().min(1).default(30),
    /** Sign-in attempts per second for the whole gateway. */
    LOGIN_GLOBAL_PER_SECOND: z.coerce.number().int().min(1).default(100),
    /** How long failures are remembered. */
    LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    /** First wait once a limit is reached; it doubles with each further failure up to the maximum. */
    LOGIN_SLOWDOWN_SECONDS: z.coerce.number().int().min(1).default(1),
    LOGIN_MAX_DELAY_SECONDS: z.coerce.number().int().min(1).default(60),
    /** argon2 computations at once, and how many may wait; beyond, sign-in answers 503 at once. */
    LOGIN_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
    LOGIN_HASH_QUEUE: z.coerce.number().int().min(0).default(16),
    /** Take the client address from X-Forwarded-For (only behind a proxy that sets it). */
    TRUST_PROXY: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((value) => value === 'true' || value === '1'),
    /** Lifetime of a refresh token (each refresh issues a new one with a fresh lifetime). */
    REFRESH_TTL_SECONDS: z.coerce
      .number()
      .int()
      .min(60)
      .max(90 * 86_400)
      .default(7 * 86_400),
    /** How long the gateway trusts its copy of a user's state (disabled, role) before reading it again. */
    USER_ACCESS_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
    /** How long anonymous callers of /api/health share one round of checks. */
    HEALTH_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
    /** How often the audit chain's head is published to the checkpoint stream (when it moved). */
    AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
    /** The key ring that encrypts users' TOTP secrets: `kid1:<base64 32 bytes>,kid2:…` (as INTAKE_KEYS). */
    TOTP_KEYS: z.string({
      message: 'set the TOTP key ring, e.g. t1:<32 random bytes in base64> (npm run keys -- generate)',
    }),
    /** The key id new secrets are encrypted with; the last key of the ring when unset. */
    TOTP_ACTIVE_KEY: z.string().optional(),
    /** The name authenticator apps show beside the username. */
    TOTP_ISSUER: z.string().min(1).max(64).default('Campus Whistle'),
    /** Lifetime of an access token. */
    JWT_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
    /** Seed the demo county (schools, departments, demo users) at start-up. */
    DEMO_SEED: z
      .enum(['true', 'false', '1', '0'])
      .default('false')
      .transform((value) => value === 'true' || value === '1'),
    /** The web console's build (`npm run build` writes it), served at `/`. */
    CONSOLE_DIR: z.string().min(1).default('dist/console'),
    /** The attachment store, the same one as intake's (a folder, or NATS's object store). */
    ...attachmentsEnv,
    /** The largest upload read at all, in MB; intake applies the smaller limit of each kind of file. */
    ATTACHMENT_MAX_MB: z.coerce.number().int().min(1).max(2048).default(200),
    /** Password of every demo user; required when DEMO_SEED is on. */
    DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  })
  .refine((config) => publishes(config.JWT_PUBLIC_KEYS, config.JWT_SIGNING_KEY), {
    message: "must list the signing key's public half under the same kid",
    path: ['JWT_PUBLIC_KEYS'],
  })
  .refine((config) => !config.DEMO_SEED || config.NODE_ENV !== 'production', {
    message: 'must not be on when NODE_ENV=production (demo users with a shared password)',
    path: ['DEMO_SEED'],
  })
  .refine((config) => !config.DEMO_SEED || config.DEMO_PASSWORD, {
    message: 'is required when DEMO_SEED is on',
    path: ['DEMO_PASSWORD'],
  })
  .superRefine((config, context) => {
    try {
      KeyRing.parse(config.TOTP_KEYS, config.TOTP_ACTIVE_KEY);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message, path: ['TOTP_KEYS'] });
    }
  });
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
