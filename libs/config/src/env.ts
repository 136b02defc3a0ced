import { z } from 'zod';
import { natsConnectionOptions } from './nats-url.js';
import { parsePublicKeySet } from './token-keys.js';

/** Env fragments shared by every app; defaults point at the servers on 127.0.0.1. */
const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const integer = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

export const baseEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/campus_whistle'),
  /**
   * The schema owner's connection, for migrations only: when set, the service migrates with it, gives
   * the user of DATABASE_URL its own schema's rights (and nothing else), then connects as that user.
   */
  DATABASE_OWNER_URL: url(['postgres:', 'postgresql:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key this deployment writes (BullMQ queues included). */
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/i, 'letters, digits, "-" and "_" only')
    .default('cw'),
  /** One or more comma-separated servers; credentials may go in the URL (`nats://user:password@host:4222`). */
  NATS_URL: z
    .string()
    .superRefine((value, context) => {
      try {
        natsConnectionOptions(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .default('nats://127.0.0.1:4222'),
  /** Prefix of every NATS subject and stream name, so deployments and test runs can share one server. */
  NATS_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and "_", starting with a letter')
    .default('cw'),
  /**
   * The public keys that verify access tokens, by key id (a JSON Web Key Set of P-256 keys). Several
   * keys during a rotation. Every service holds these; only the gateway holds a private key.
   */
  JWT_PUBLIC_KEYS: z
    .string({ message: "set the JSON Web Key Set of the gateway's public token keys (see README, Security)" })
    .transform((text, context) => {
      try {
        return parsePublicKeySet(text);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  JWT_AUDIENCE: z.string().min(1).default('campus-whistle'),
  JWT_ISSUER: z.string().min(1).default('campus-whistle-gateway'),
  COUNTY_TIMEZONE: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  /** V8's old generation may grow this much past its live size before a full collection (0: V8's own policy). */
  HEAP_GROWTH_PERCENT: integer(50, 0),
  RPC_TIMEOUT_MS: integer(5000, 100),
  /** Deliveries of one event before it is parked as undeliverable. */
  EVENT_MAX_DELIVER: integer(5, 1),
  /** How long JetStream waits for an ack before redelivering. */
  EVENT_ACK_WAIT_MS: integer(30_000, 1000),
  /** JetStream's de-duplication window; longer than the outbox relay's worst retry. */
  EVENT_DUPLICATE_WINDOW_MS: integer(2 * 60 * 60 * 1000, 1000),
  OUTBOX_POLL_INTERVAL_MS: integer(1000, 10),
  /** How often old outbox and inbox rows are deleted. */
  MESSAGING_PRUNE_INTERVAL_MS: integer(10 * 60 * 1000, 100),
  /**
   * When set, `GET /metrics` answers only `Authorization: Bearer <METRICS_TOKEN>`. Unset, the
   * services serve it on their own port and the gateway only to callers on its own machine.
   */
  METRICS_TOKEN: z
    .string()
    .min(24, 'must be at least 24 characters (a random secret, e.g. `openssl rand -hex 24`)')
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces only (it travels in an HTTP header)')
    .optional(),
};

export const portEnv = (fallback: number) => ({
  PORT: integer(fallback, 1).pipe(z.number().max(65535)),
  /** Interface to listen on; 0.0.0.0 inside a container. */
  HOST: z.string().min(1).default('127.0.0.1'),
});

export const baseEnvSchema = z.object(baseEnv);
export type BaseConfig = z.infer<typeof baseEnvSchema>;
export { z };
