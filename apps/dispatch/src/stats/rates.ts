/**
 * The maths of the statistics, apart from the SQL that counts: a share of tasks done on time and a
 * median duration. Both are null when there is nothing to judge, never 0, so a unit with no due
 * tasks is not shown as failing.
 */

/** `count / of`, rounded to four decimals; null when `of` is 0. */
export function rate(count: number, of: number): number | null {
  if (!Number.isFinite(count) || !Number.isFinite(of) || count < 0 || of < 0) {
    throw new RangeError('counts must be non-negative numbers');
  }
  if (count > of) throw new RangeError(`${count} on time out of ${of}`);
  if (of === 0) return null;
  return Math.round((count / of) * 10_000) / 10_000;
}

/** The median of the values (the mean of the two middle ones for an even count); null when none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
