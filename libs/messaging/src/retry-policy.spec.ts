import { QueryFailedError } from 'typeorm';
import { z } from 'zod';
import { AppError } from '#libs/errors';
import { classifyFailure, decideRetry } from './retry-policy.js';

const pgError = (code: string) => Object.assign(new Error('pg'), { code });

describe('classifyFailure', () => {
  it('calls a refusal by the domain or an invalid payload permanent', () => {
    expect(classifyFailure(AppError.conflict('a case that is CLOSED cannot be sent "assign"'))).toBe('permanent');
    expect(classifyFailure(AppError.notFound('case'))).toBe('permanent');
    expect(classifyFailure(z.object({ a: z.string() }).safeParse({}).error)).toBe('permanent');
  });

  it('calls an absent or overloaded database, a lost race or an absent broker transient', () => {
    expect(classifyFailure(pgError('57P01'))).toBe('transient'); // admin shutdown
    expect(classifyFailure(pgError('08006'))).toBe('transient'); // connection failure
    expect(classifyFailure(pgError('40P01'))).toBe('transient'); // deadlock
    expect(classifyFailure(pgError('ECONNREFUSED'))).toBe('transient');
    expect(classifyFailure(new QueryFailedError('SELECT 1', [], pgError('53300')))).toBe('transient');
    expect(classifyFailure(new Error('Connection terminated unexpectedly'))).toBe('transient');
    expect(classifyFailure(Object.assign(new Error('timeout'), { name: 'TimeoutError' }))).toBe('transient');
    expect(classifyFailure(AppError.unavailable('the dispatch service is not available'))).toBe('transient');
  });

  it('finds the cause of a wrapped error', () => {
    expect(classifyFailure(new Error('outer', { cause: pgError('57P03') }))).toBe('transient');
  });

  it('calls anything else unknown', () => {
    expect(classifyFailure(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe('unknown');
    expect(classifyFailure(pgError('23505'))).toBe('unknown'); // a unique violation is a bug, not an outage
    expect(classifyFailure('a string')).toBe('unknown');
  });
});

describe('decideRetry', () => {
  const budget = { maxDeliver: 5, baseDelayMs: 1000, maxDelayMs: 300_000 };

  it('parks a permanent failure at once', () => {
    expect(decideRetry('permanent', 1, budget)).toEqual({ action: 'park', reason: 'refused' });
  });

  it('retries a transient failure with growing back-off, capped, and never parks it', () => {
    expect(decideRetry('transient', 1, budget)).toEqual({ action: 'retry', delayMs: 1000 });
    expect(decideRetry('transient', 4, budget)).toEqual({ action: 'retry', delayMs: 8000 });
    expect(decideRetry('transient', 1000, budget)).toEqual({ action: 'retry', delayMs: 300_000 });
  });

  it('retries an unknown failure until the budget is spent, then parks it', () => {
    expect(decideRetry('unknown', 4, budget)).toEqual({ action: 'retry', delayMs: 8000 });
    expect(decideRetry('unknown', 5, budget)).toEqual({ action: 'park', reason: 'failed 5 times' });
  });
});
