import { normaliseText } from '../life-safety/term-matching.js';

/**
 * The shingles of a text: character bigrams of its Chinese runs (a word is usually two characters)
 * and trigrams of each Latin word padded like pg_trgm's (" ca", "cat", "at "). Computed in the app
 * because the texts are encrypted at rest: Postgres cannot compare what it cannot read.
 */
export function shingles(text: string): Set<string> {
  const out = new Set<string>();
  const plain = normaliseText(text);
  for (const run of plain.match(/[\p{Script=Han}]+/gu) ?? []) {
    if (run.length === 1) out.add(run);
    for (let i = 0; i + 1 < run.length; i += 1) out.add(run.slice(i, i + 2));
  }
  for (const word of plain.match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (/\p{Script=Han}/u.test(word)) continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 2 < padded.length; i += 1) out.add(padded.slice(i, i + 3));
  }
  return out;
}

/** Dice's coefficient of two texts' shingles: 0 (nothing shared) to 1 (the same). */
export function similarity(a: string, b: string): number {
  const [x, y] = [shingles(a), shingles(b)];
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const s of x) if (y.has(s)) shared += 1;
  return (2 * shared) / (x.size + y.size);
}
