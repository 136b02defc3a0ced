import { gradedIn, inspectableAt } from './school-service.js';

describe('a retired school in grading', () => {
  const q3Start = new Date('2026-06-30T16:00:00Z'); // 2026-Q3 in Asia/Shanghai

  it('grades a school in service', () => {
    expect(gradedIn(null, q3Start)).toBe(true);
  });

  it('grades the quarter of its retirement, in service for part of it, and none that begins after', () => {
    expect(gradedIn(new Date('2026-08-15T02:00:00Z'), q3Start)).toBe(true);
    expect(gradedIn(new Date('2026-06-30T15:59:59Z'), q3Start)).toBe(false);
    // Retired at the very start of the quarter: not in service for any of it.
    expect(gradedIn(q3Start, q3Start)).toBe(false);
  });

  it('records inspections dated before its retirement only', () => {
    const retiredAt = new Date('2026-08-15T02:00:00Z');
    expect(inspectableAt(null, new Date('2030-01-01T00:00:00Z'))).toBe(true);
    expect(inspectableAt(retiredAt, new Date('2026-08-14T02:00:00Z'))).toBe(true);
    expect(inspectableAt(retiredAt, retiredAt)).toBe(false);
    expect(inspectableAt(retiredAt, new Date('2026-09-01T00:00:00Z'))).toBe(false);
  });
});
