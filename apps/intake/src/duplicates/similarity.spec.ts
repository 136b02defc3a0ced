import { shingles, similarity } from './similarity.js';

describe('similarity', () => {
  it('is 1 for the same text and 0 for texts with nothing in common', () => {
    expect(similarity('三年级二班小明被高年级学生索要零花钱', '三年级二班小明被高年级学生索要零花钱')).toBe(1);
    expect(similarity('食堂饭菜变质', 'broken street light')).toBe(0);
  });

  it('rates a retelling of the same incident above an unrelated one', () => {
    const first = '三年级二班小明在厕所被高年级学生索要零花钱，还被打了';
    const retold = '高年级学生在厕所向三年级小明索要零花钱并殴打他';
    const other = '学校门口的红绿灯坏了，放学时车辆很多';
    expect(similarity(first, retold)).toBeGreaterThan(0.4);
    expect(similarity(first, other)).toBeLessThan(0.15);
  });

  it('works for English words like pg_trgm', () => {
    expect(shingles('cat')).toEqual(new Set(['  c', ' ca', 'cat', 'at ']));
    expect(similarity('older boys take lunch money', 'lunch money taken by older boys')).toBeGreaterThan(0.5);
  });

  it('handles empty or symbol-only text', () => {
    expect(similarity('', 'abc')).toBe(0);
    expect(similarity('!!!', '???')).toBe(0);
  });
});
