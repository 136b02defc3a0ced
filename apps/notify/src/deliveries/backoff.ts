/**
 * Exponential back-off between attempts of one delivery: `base`, then doubling, at most `max`.
 * `attempt` is the number of attempts made so far (1 after the first failed one).
 */
export function backoffMs(attempt: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1));
}

export type AttemptOutcome =
  { status: 'sent' } | { status: 'queued'; retryInMs: number; error: string } | { status: 'failed'; error: string };

/** What follows an attempt: sent; retried after the back-off; or given up (permanent error, or out of attempts). */
export function afterAttempt(
  attempt: number,
  error: { message: string; permanent: boolean } | null,
  plan: { maxAttempts: number; baseMs: number; maxMs: number },
): AttemptOutcome {
  if (!error) return { status: 'sent' };
  if (error.permanent) return { status: 'failed', error: error.message };
  if (attempt >= plan.maxAttempts) {
    return { status: 'failed', error: `gave up after ${attempt} attempts: ${error.message}` };
  }
  return { status: 'queued', retryInMs: backoffMs(attempt, plan.baseMs, plan.maxMs), error: error.message };
}
