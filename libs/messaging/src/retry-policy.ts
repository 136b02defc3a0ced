import { ZodError } from 'zod';

/**
 * Why an event handler failed, which decides what happens to the event:
 * - `transient`: something it depends on is away or busy (database down, broker away, a timeout, a
 *   deadlock). It will succeed once the cause is gone: retry with back-off for as long as it lasts.
 * - `permanent`: the event itself can never be handled (invalid payload, a rule refused it). Retrying
 *   changes nothing: park it at once for an operator.
 * - `unknown`: anything else, most likely a bug. Retry a bounded number of times, then park.
 */
export type FailureKind = 'transient' | 'permanent' | 'unknown';

export type RetryDecision = { action: 'retry'; delayMs: number } | { action: 'park'; reason: string };

/** Postgres SQLSTATEs of a server that is away, overloaded or shutting down, and of lost races. */
const TRANSIENT_SQLSTATE = /^(08|53|57P0[123]|40001|40P01|55P03|58)/;
const TRANSIENT_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
/** NATS client errors that mean the broker could not be reached or did not answer in time. */
const TRANSIENT_NAMES = new Set([
  'ConnectionError',
  'TimeoutError',
  'NoRespondersError',
  'ClosedConnectionError',
  'DrainingConnectionError',
  'RequestError',
]);
/** Messages of pg and its pool when the connection is lost or cannot be made. */
const TRANSIENT_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  status?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

export function classifyFailure(error: unknown, depth = 0): FailureKind {
  if (error instanceof ZodError) return 'permanent';
  if (typeof error !== 'object' || error === null || depth > 3) return 'unknown';
  const e = error as ErrorLike;
  // AppError and the RPC error shape carry an HTTP status: 4xx is a refusal, 503 an outage.
  if (typeof e.status === 'number') {
    if (e.status === 503) return 'transient';
    if (e.status >= 400 && e.status < 500) return 'permanent';
  }
  if (typeof e.code === 'string' && (TRANSIENT_SQLSTATE.test(e.code) || TRANSIENT_ERRNO.has(e.code))) {
    return 'transient';
  }
  if (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) return 'transient';
  if (typeof e.message === 'string' && TRANSIENT_MESSAGE.test(e.message)) return 'transient';
  // TypeORM wraps the driver's error; errors may carry their cause.
  for (const inner of [e.driverError, e.cause]) {
    const kind = classifyFailure(inner, depth + 1);
    if (kind !== 'unknown') return kind;
  }
  return 'unknown';
}

export interface RetryBudget {
  /** Failed attempts of an event failing for an unknown reason before it is parked. */
  maxDeliver: number;
  /** First back-off; it doubles with every delivery. */
  baseDelayMs?: number;
  /** The longest back-off: an outage of hours is retried every few minutes. */
  maxDelayMs?: number;
}

/** What to do after the `attempts`-th attempt at an event failed with `kind`. */
export function decideRetry(kind: FailureKind, attempts: number, budget: RetryBudget): RetryDecision {
  if (kind === 'permanent') return { action: 'park', reason: 'refused' };
  if (kind === 'unknown' && attempts >= budget.maxDeliver) {
    return { action: 'park', reason: `failed ${attempts} times` };
  }
  const base = budget.baseDelayMs ?? 1000;
  const max = budget.maxDelayMs ?? 5 * 60_000;
  return { action: 'retry', delayMs: Math.min(max, base * 2 ** Math.min(20, Math.max(0, attempts - 1))) };
}
