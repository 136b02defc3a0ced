import { CATEGORIES } from '#libs/contracts';
import { isSubcategoryOf, TAXONOMY } from './taxonomy.js';

describe('taxonomy', () => {
  it('covers the five action lines, each with subcategories', () => {
    expect(TAXONOMY.map((line) => line.code).sort()).toEqual([...CATEGORIES].sort());
    for (const line of TAXONOMY) expect(line.subcategories.length).toBeGreaterThan(0);
  });

  it('knows which subcategory belongs where', () => {
    expect(isSubcategoryOf('public-safety', 'fire-electricity-gas')).toBe(true);
    expect(isSubcategoryOf('bullying', 'fire-electricity-gas')).toBe(false);
    expect(isSubcategoryOf('bullying', 'nonsense')).toBe(false);
  });
});
