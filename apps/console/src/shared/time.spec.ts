import { formatDuration, formatTime } from './time.js';

describe('console times', () => {
  it("shows an instant in the county's zone, whatever the zone it is written in", () => {
    // 16:30 in London in winter is 00:30 the next day in Beijing.
    expect(formatTime('2026-12-01T16:30:00Z', 'en')).toBe('02/12/2026, 00:30');
    expect(formatTime('2026-12-01T16:30:00+00:00', 'zh')).toBe('2026/12/02 00:30');
    expect(formatTime(null, 'zh')).toBe('—');
  });

  it('words a countdown in days and hours, hours and minutes, or minutes', () => {
    const minute = 60_000;
    expect(formatDuration((2 * 24 * 60 + 3 * 60 + 59) * minute, 'en')).toBe('2d 3h');
    expect(formatDuration((3 * 60 + 20) * minute, 'zh')).toBe('3小时20分');
    expect(formatDuration(-12.5 * minute, 'en')).toBe('12m');
  });
});
