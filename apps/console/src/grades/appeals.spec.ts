import { appealOfQuarter } from './appeals.js';
import type { Appeal } from './grade-types.js';

const appeal = (id: string, quarter: string, decidedAt: string | null): Appeal => ({
  id,
  quarter,
  schoolId: 's',
  schoolCode: 'DM-S001',
  schoolName: 'school',
  tier: 'compliant',
  score: 75,
  reason: 'r',
  filedAt: '2026-10-01T00:00:00.000Z',
  decision: decidedAt ? 'uphold' : null,
  amendedTier: null,
  decisionReason: decidedAt ? 'kept' : null,
  decidedAt,
});

describe("a school's appeal per quarter", () => {
  it('shows the one awaiting a decision, else the one decided last', () => {
    const shown = appealOfQuarter([
      appeal('old', '2026-Q3', '2026-10-02T00:00:00.000Z'),
      appeal('pending', '2026-Q3', null),
      appeal('first', '2026-Q4', '2026-12-02T00:00:00.000Z'),
      appeal('last', '2026-Q4', '2026-12-05T00:00:00.000Z'),
      appeal('between', '2026-Q4', '2026-12-03T00:00:00.000Z'),
    ]);
    expect(Object.fromEntries([...shown].map(([quarter, item]) => [quarter, item.id]))).toEqual({
      '2026-Q3': 'pending',
      '2026-Q4': 'last',
    });
  });

  it('has nothing for a quarter not appealed', () => {
    expect(appealOfQuarter([]).size).toBe(0);
  });
});
