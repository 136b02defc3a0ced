import { DEFAULT_LIFE_SAFETY_TERMS } from './default-terms.js';
import { termMatcher } from './term-matching.js';

const matchTerms = (text: string, terms: readonly string[]) => termMatcher(terms)(text);

describe('termMatcher', () => {
  it('finds Chinese terms anywhere, even split by spaces or punctuation', () => {
    expect(matchTerms('他说放学后不想活了', DEFAULT_LIFE_SAFETY_TERMS)).toEqual(['不想活']);
    expect(matchTerms('有人说要自 杀', DEFAULT_LIFE_SAFETY_TERMS)).toContain('自杀');
    expect(matchTerms('书包里带刀，还说要砍人', DEFAULT_LIFE_SAFETY_TERMS)).toEqual(['带刀', '砍人']);
  });

  it('finds English terms at the start of a word, in any case or width', () => {
    expect(matchTerms('He said he would STAB him', DEFAULT_LIFE_SAFETY_TERMS)).toEqual(['stab']);
    expect(matchTerms('she was stabbed', DEFAULT_LIFE_SAFETY_TERMS)).toEqual(['stab']);
    expect(matchTerms('ｋｉｌｌ', DEFAULT_LIFE_SAFETY_TERMS)).toEqual(['kill']);
    expect(matchTerms('I want to  die', DEFAULT_LIFE_SAFETY_TERMS)).toContain('want to die');
  });

  it('does not match inside other words or ordinary texts', () => {
    expect(matchTerms('his skills in begun tasks', DEFAULT_LIFE_SAFETY_TERMS)).toEqual([]);
    expect(matchTerms('食堂的饭菜不卫生，厕所灯坏了', DEFAULT_LIFE_SAFETY_TERMS)).toEqual([]);
  });

  it('uses the configured list only', () => {
    expect(matchTerms('rope', ['rope'])).toEqual(['rope']);
    expect(matchTerms('gun', [])).toEqual([]);
  });
});
