import { z } from 'zod';

/**
 * Keyset paging for every list: `?cursor=&limit=` in, `{items, nextCursor}` out. A cursor is the
 * sort key of the last item of a page, as base64url JSON; it is opaque to callers and validated on
 * the way back in, so a tampered cursor is a 400 naming `cursor`, never a database error.
 */
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;
const CURSOR_MAX_LENGTH = 512;

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export function encodeCursor(key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key inside a cursor, or undefined when it is not one this list made. */
export function decodeCursor<K extends z.ZodType>(cursor: string, key: K): z.infer<K> | undefined {
  if (cursor.length > CURSOR_MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = key.safeParse(decoded);
  return parsed.success ? parsed.data : undefined;
}

/** A page size: 1 to 200, 50 when absent; a query string's digits are accepted as the number. */
export const pageLimit = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d{1,4}$/, 'must be a whole number from 1 to 200')
      .transform(Number),
  ])
  .pipe(
    z
      .number()
      .int('must be a whole number from 1 to 200')
      .min(1, 'must be at least 1')
      .max(PAGE_LIMIT_MAX, `must be at most ${PAGE_LIMIT_MAX}`),
  )
  .default(PAGE_LIMIT_DEFAULT);

/** `cursor` and `limit` of a list whose sort key has the shape `key`; the cursor comes out decoded. */
export function pageRequestShape<K extends z.ZodType>(key: K) {
  return {
    cursor: z
      .string()
      .transform((cursor, context) => {
        const decoded = decodeCursor(cursor, key);
        if (decoded === undefined) {
          context.addIssue({ code: 'custom', message: 'is not a cursor this list gave out' });
          return z.NEVER;
        }
        return decoded;
      })
      .optional(),
    limit: pageLimit,
  };
}

/**
 * The page out of up to `limit + 1` rows read in order: the extra row, when there, only says that
 * another page follows, and the cursor is the key of the last row shown.
 */
export function pageOf<R, T>(rows: R[], limit: number, keyOf: (row: R) => unknown[], view: (row: R) => T): Page<T> {
  const shown = rows.length > limit ? rows.slice(0, limit) : rows;
  return {
    items: shown.map(view),
    nextCursor: rows.length > limit ? encodeCursor(keyOf(shown[shown.length - 1])) : null,
  };
}

/**
 * A Postgres timestamp at full (microsecond) precision, as cursors carry it: a JS Date keeps only
 * milliseconds, and a cursor rounded to them would skip or repeat rows that share the millisecond.
 */
export const cursorTimestamp = z
  .string()
  .regex(/^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
  .refine((value) => {
    // A real instant (no 30 February), so that Postgres accepts it back.
    const millis = `${value.slice(0, 23)}Z`;
    const date = new Date(millis);
    return !Number.isNaN(date.getTime()) && date.toISOString() === millis;
  });

/** SQL that renders a timestamptz column as a {@link cursorTimestamp}. */
export const cursorTimestampSql = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The sort key of lists ordered newest first: the creation time, then the id as tie-break. */
export const newestFirstKey = z.tuple([cursorTimestamp, z.uuid()]);
export type NewestFirstKey = z.infer<typeof newestFirstKey>;
