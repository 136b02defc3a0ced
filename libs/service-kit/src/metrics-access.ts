import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Who may read `/metrics`, decided once at boot:
 * - `token`: METRICS_TOKEN is set; only `Authorization: Bearer <token>` (any service);
 * - `open`: a backend without a token; its port is internal (not the public entry), like /health;
 * - `loopback`: the gateway without a token; only a caller on the gateway's own machine, not
 *   through a proxy (the gateway faces the internet);
 * - `closed`: the gateway without a token behind a proxy (TRUST_PROXY): a proxy on the same machine
 *   would make every internet caller look local, so nobody.
 */
export type MetricsAccessMode = 'token' | 'open' | 'loopback' | 'closed';

export function metricsAccessMode(options: {
  token?: string;
  publicEntry: boolean;
  trustProxy: boolean;
}): MetricsAccessMode {
  if (options.token) return 'token';
  if (!options.publicEntry) return 'open';
  return options.trustProxy ? 'closed' : 'loopback';
}

/** What a caller sent, as far as the rule needs it. */
export interface MetricsCaller {
  authorization?: string;
  /** The TCP peer's address (never X-Forwarded-For, which the caller writes). */
  socketAddress?: string;
  /** Whether a proxy (or the caller) sent X-Forwarded-For / Forwarded. */
  forwarded: boolean;
}

export type MetricsVerdict = 'allowed' | 'unauthorized' | 'forbidden';

export function metricsVerdict(mode: MetricsAccessMode, caller: MetricsCaller, token?: string): MetricsVerdict {
  switch (mode) {
    case 'open':
      return 'allowed';
    case 'token':
      return token && sameSecret(caller.authorization ?? '', `Bearer ${token}`) ? 'allowed' : 'unauthorized';
    case 'loopback':
      return !caller.forwarded && isLoopback(caller.socketAddress) ? 'allowed' : 'forbidden';
    case 'closed':
      return 'forbidden';
  }
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4.startsWith('127.') || address === '::1';
}

/** Compares in constant time (hashes first, so the lengths match and do not leak). */
function sameSecret(offered: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(offered), digest(expected));
}

/** Injection token of the service's {@link MetricsAccess}. */
export const METRICS_ACCESS = Symbol('METRICS_ACCESS');
export interface MetricsAccess {
  mode: MetricsAccessMode;
  token?: string;
}
