import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as authenticator apps expect it: HMAC-SHA-1, six digits, a new code every 30 s. */
export const TOTP_PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
/** Codes of the step before and after are accepted too: a phone's clock drifts, a typed code ages. */
export const TOTP_WINDOW = 1;

export type CodeCheck = { ok: true; step: number } | { ok: false; reason: 'wrong' | 'used' };

/** The time step a moment falls in (seconds since the epoch / 30). */
export const stepAt = (now: number): number => TOTP.counter({ period: TOTP_PARAMETERS.period, timestamp: now });

/**
 * Whether `code` opens the account at `now`: right for a step within the window, and later than the
 * last step a code was accepted for (`lastStep`). Refusing every step up to the last one, not only
 * the same code, also stops a code read over someone's shoulder being used after a newer one.
 */
export function checkCode(secretBase32: string, code: string, now: number, lastStep: number | null): CodeCheck {
  const delta = TOTP.validate({
    ...TOTP_PARAMETERS,
    secret: Secret.fromBase32(secretBase32),
    token: code,
    timestamp: now,
    window: TOTP_WINDOW,
  });
  if (delta === null) return { ok: false, reason: 'wrong' };
  const step = stepAt(now) + delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: 'used' };
  return { ok: true, step };
}

/** A new secret of 160 random bits (RFC 4226's recommended length), in base32. */
export const newSecret = (): string => new Secret({ size: 20 }).base32;

/** The `otpauth://totp/…` URI an authenticator app reads from a QR code. */
export const otpauthUri = (issuer: string, username: string, secretBase32: string): string =>
  new TOTP({ ...TOTP_PARAMETERS, issuer, label: username, secret: Secret.fromBase32(secretBase32) }).toString();
