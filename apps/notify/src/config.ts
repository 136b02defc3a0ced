import { Duration } from 'luxon';
import { baseEnv, portEnv, z } from '#libs/config';

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    )
    .optional();
const integer = (fallback: number, min: number) => z.coerce.number().int().min(min).default(fallback);

export const notifyConfigSchema = z.object({
  ...baseEnv,
  ...portEnv(3004),
  /** SMTP server for email (`smtp://user:pass@host:587`, `smtps://…`); without it email deliveries fail as not configured. */
  SMTP_URL: optionalUrl(['smtp:', 'smtps:']),
  SMTP_FROM: z.string().min(3).default('Campus Whistle <no-reply@campus-whistle.local>'),
  /** HTTP gateway that sends SMS: a JSON POST signed with HMAC-SHA256 of SMS_GATEWAY_SECRET. */
  SMS_GATEWAY_URL: optionalUrl(['http:', 'https:']),
  SMS_GATEWAY_SECRET: z.string().min(1).optional(),
  /** Attempts of one delivery before it is given up, with its last error kept. */
  DELIVERY_MAX_ATTEMPTS: integer(5, 1),
  /** First wait after a failed attempt; doubles each time, up to DELIVERY_BACKOFF_MAX_MS. */
  DELIVERY_BACKOFF_MS: integer(2000, 10),
  DELIVERY_BACKOFF_MAX_MS: integer(10 * 60 * 1000, 10),
  /** One attempt (connect, send, answer) is cut off after this. */
  DELIVERY_TIMEOUT_MS: integer(10_000, 100),
  /** Queued deliveries re-enqueued from Postgres (Redis may lose jobs), held ones released, re-alerts made. */
  DELIVERY_RECONCILE_INTERVAL_MS: integer(10_000, 100),
  /** An escalation or life-safety alert unread this long is sent again on the recipient's next channel. */
  REALERT_AFTER: z
    .string()
    .refine((value) => {
      const duration = Duration.fromISO(value);
      return duration.isValid && duration.toMillis() > 0;
    }, 'must be a positive ISO-8601 duration such as PT30M')
    .default('PT30M'),
});
export type NotifyConfig = z.infer<typeof notifyConfigSchema>;

/** How long an attempt may hold its claim: the send's timeout and a margin, so a live sender never loses it. */
export const leaseMs = (config: NotifyConfig) => config.DELIVERY_TIMEOUT_MS * 2 + 5000;
