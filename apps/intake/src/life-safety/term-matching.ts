/** Text as terms are compared: Unicode-normalised (full-width letters become ASCII) and lower-case. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

const LATIN_ONLY = /^[a-z0-9][a-z0-9 '-]*$/;

/**
 * The life-safety terms a text contains. A term in Latin letters matches at the start of a word
 * ("stab" in "stabbed", not "kill" in "skill"); any other term (Chinese) matches anywhere, also when
 * the writer put spaces or punctuation between its characters ("自 杀", "自-杀").
 */
export function matchTerms(text: string, terms: readonly string[]): string[] {
  const plain = normaliseText(text);
  const squeezed = plain.replace(/[\s\p{P}\p{S}]+/gu, '');
  const words = ` ${plain.replace(/[^\p{L}\p{N}'-]+/gu, ' ')}`;
  return terms.filter((raw) => {
    const term = normaliseText(raw).trim();
    if (!term) return false;
    if (LATIN_ONLY.test(term)) return words.includes(` ${term.replace(/\s+/g, ' ')}`);
    return squeezed.includes(term.replace(/[\s\p{P}\p{S}]+/gu, ''));
  });
}
