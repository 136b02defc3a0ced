import { z } from 'zod';
import { decodeCursor, encodeCursor, newestFirstKey, pageOf, pageRequestShape } from './paging.js';

const request = z.strictObject(pageRequestShape(newestFirstKey));
const key = ['2026-12-01T02:03:04.123456Z', '0b6d3f5e-8f0a-4c55-9a57-1f8f1d0b9a11'] as const;

function fieldOf(input: unknown): string | undefined {
  const result = request.safeParse(input);
  return result.success ? undefined : result.error.issues[0].path.join('.');
}

describe('paging', () => {
  it('round-trips a cursor through the request schema', () => {
    const cursor = encodeCursor([...key]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(request.parse({ cursor, limit: '10' })).toEqual({ cursor: [...key], limit: 10 });
  });

  it('defaults the limit to 50 and accepts 1 to 200', () => {
    expect(request.parse({})).toEqual({ limit: 50 });
    expect(request.parse({ limit: '1' }).limit).toBe(1);
    expect(request.parse({ limit: 200 }).limit).toBe(200);
  });

  it.each([['0'], ['201'], ['-1'], ['1.5'], ['abc'], [''], [['1', '2']], [1.5]])('refuses limit %j', (limit) => {
    expect(fieldOf({ limit })).toBe('limit');
  });

  it.each([
    ['not base64url', '!!!'],
    ['not JSON', Buffer.from('{oops').toString('base64url')],
    ['another shape', encodeCursor([1, 2])],
    ['a milliseconds timestamp', encodeCursor(['2026-12-01T02:03:04.123Z', key[1]])],
    ['an impossible date', encodeCursor(['2026-02-30T02:03:04.123456Z', key[1]])],
    ['a bad id', encodeCursor([key[0], 'x'])],
    ['too long', 'A'.repeat(600)],
  ])('refuses a cursor that is %s, naming the field', (_, cursor) => {
    expect(fieldOf({ cursor })).toBe('cursor');
  });

  it('decodeCursor answers undefined rather than throwing', () => {
    expect(decodeCursor('%%%', newestFirstKey)).toBeUndefined();
    expect(decodeCursor(encodeCursor([...key]), newestFirstKey)).toEqual([...key]);
  });

  it('pageOf shows limit rows and a cursor only when more follow', () => {
    const rows = [1, 2, 3];
    expect(
      pageOf(
        rows,
        2,
        (n) => [n],
        (n) => n * 10,
      ),
    ).toEqual({ items: [10, 20], nextCursor: encodeCursor([2]) });
    expect(
      pageOf(
        rows,
        3,
        (n) => [n],
        (n) => n,
      ),
    ).toEqual({ items: [1, 2, 3], nextCursor: null });
    expect(
      pageOf(
        [],
        3,
        (n: number) => [n],
        (n) => n,
      ),
    ).toEqual({ items: [], nextCursor: null });
  });
});
