import { ForbiddenException } from '@nestjs/common';
import { z } from 'zod';
import { AppError, errorBodyOf } from './app-error.js';

describe('errorBodyOf', () => {
  it('keeps an AppError as it is', () => {
    expect(errorBodyOf(AppError.notFound('case'))).toEqual({
      status: 404,
      error: 'not_found',
      message: 'case not found',
    });
  });

  it('turns a zod failure into a 400 naming the field', () => {
    const result = z.object({ severity: z.enum(['high']) }).safeParse({ severity: 'meh' });
    const body = errorBodyOf(result.error);
    expect(body).toMatchObject({ status: 400, field: 'severity' });
    expect(body.message.startsWith('severity:')).toBe(true);
  });

  it('keeps the status of a Nest HTTP exception', () => {
    expect(errorBodyOf(new ForbiddenException('no'))).toMatchObject({ status: 403, message: 'no' });
  });

  it('hides the details of an unexpected error', () => {
    const body = errorBodyOf(new Error('duplicate key value violates unique constraint "users_username"'));
    expect(body.status).toBe(500);
    expect(body.message).not.toContain('constraint');
  });
});
