import { afterAttempt, backoffMs } from './backoff.js';

describe('back-off plan', () => {
  it('doubles from the base up to the maximum', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffMs(attempt, 1000, 10_000))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  const plan = { maxAttempts: 3, baseMs: 500, maxMs: 60_000 };

  it('retries a transient failure until the attempts run out, keeping the reason', () => {
    expect(afterAttempt(1, { message: 'HTTP 500', permanent: false }, plan)).toEqual({
      status: 'queued',
      retryInMs: 500,
      error: 'HTTP 500',
    });
    expect(afterAttempt(2, { message: 'HTTP 500', permanent: false }, plan)).toMatchObject({ retryInMs: 1000 });
    expect(afterAttempt(3, { message: 'timed out', permanent: false }, plan)).toEqual({
      status: 'failed',
      error: 'gave up after 3 attempts: timed out',
    });
  });

  it('gives up at once on a permanent failure, and marks a success sent', () => {
    expect(afterAttempt(1, { message: 'HTTP 400', permanent: true }, plan)).toEqual({
      status: 'failed',
      error: 'HTTP 400',
    });
    expect(afterAttempt(1, null, plan)).toEqual({ status: 'sent' });
  });
});
