import { median, rate } from './rates.js';

describe('rate', () => {
  it('is the share rounded to four decimals', () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(3, 3)).toBe(1);
    expect(rate(0, 5)).toBe(0);
  });

  it('is null when nothing was due, not 0', () => {
    expect(rate(0, 0)).toBeNull();
  });

  it('refuses counts that cannot be', () => {
    expect(() => rate(4, 3)).toThrow(RangeError);
    expect(() => rate(-1, 3)).toThrow(RangeError);
    expect(() => rate(Number.NaN, 3)).toThrow(RangeError);
  });
});

describe('median', () => {
  it('is the middle value of an odd count, whatever the order', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([5])).toBe(5);
  });

  it('is the mean of the two middle values of an even count', () => {
    expect(median([40, 10, 30, 20])).toBe(25);
    expect(median([1, 2])).toBe(1.5);
  });

  it('is null for no values', () => {
    expect(median([])).toBeNull();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});
