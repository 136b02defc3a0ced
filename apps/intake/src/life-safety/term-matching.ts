/** Text as terms are compared: Unicode-normalised (full-width letters become ASCII) and lower-case. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

const LATIN_ONLY = /^[a-z0-9][a-z0-9 '-]*$/;
const SPACING = /[\s\p{P}\p{S}]+/gu;

/** A term as it is compared: a word start to find in Latin text, or characters to find anywhere. */
interface PreparedTerm {
  raw: string;
  latin: boolean;
  needle: string;
}

/** Finds life-safety terms in texts; the terms are normalised once, not for every text. */
export type TermMatcher = (text: string) => string[];

/**
 * The life-safety terms a text contains. A term in Latin letters matches at the start of a word
 * ("stab" in "stabbed", not "kill" in "skill"); any other term (Chinese) matches anywhere, also when
 * the writer put spaces or punctuation between its characters ("自 杀", "自-杀").
 */
export function termMatcher(terms: readonly string[]): TermMatcher {
  const prepared = terms.flatMap((raw): PreparedTerm[] => {
    const term = normaliseText(raw).trim();
    if (!term) return [];
    return LATIN_ONLY.test(term)
      ? [{ raw, latin: true, needle: ` ${term.replace(/\s+/g, ' ')}` }]
      : [{ raw, latin: false, needle: term.replace(SPACING, '') }];
  });
  return (text) => {
    const plain = normaliseText(text);
    const squeezed = plain.replace(SPACING, '');
    const words = ` ${plain.replace(/[^\p{L}\p{N}'-]+/gu, ' ')}`;
    return prepared.filter((term) => (term.latin ? words : squeezed).includes(term.needle)).map((term) => term.raw);
  };
}
