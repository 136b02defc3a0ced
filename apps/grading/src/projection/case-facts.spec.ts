import { mergeOpenings, mergeStatusFacts } from './case-facts.js';

describe('merging a batch of case facts', () => {
  it('keeps one opening per case: the first source and status told, at risk if any said so, the earliest time', () => {
    const merged = mergeOpenings([
      {
        caseId: 'a',
        schoolId: 's',
        source: 'report',
        category: 'bullying',
        lifeSafety: false,
        openedAt: '2026-03-02T10:00:00Z',
        status: null,
        statusSequence: 0,
      },
      {
        caseId: 'b',
        schoolId: 's',
        source: 'tip',
        category: 'traffic',
        lifeSafety: false,
        openedAt: '2026-03-02T11:00:00Z',
        status: 'FORWARDED',
        statusSequence: 1,
      },
      {
        caseId: 'a',
        schoolId: 's',
        source: 'other',
        category: 'other',
        lifeSafety: true,
        openedAt: '2026-03-02T09:00:00Z',
        status: 'REPORTED',
        statusSequence: 1,
      },
    ]);
    expect(merged).toEqual([
      {
        caseId: 'a',
        schoolId: 's',
        source: 'report',
        category: 'bullying',
        lifeSafety: true,
        openedAt: '2026-03-02T09:00:00Z',
        status: 'REPORTED',
        statusSequence: 1,
      },
      {
        caseId: 'b',
        schoolId: 's',
        source: 'tip',
        category: 'traffic',
        lifeSafety: false,
        openedAt: '2026-03-02T11:00:00Z',
        status: 'FORWARDED',
        statusSequence: 1,
      },
    ]);
  });

  it('keeps the status of the highest sequence whatever the order, and the first opening and closing', () => {
    const merged = mergeStatusFacts([
      { caseId: 'a', schoolId: 's', status: 'CLOSED', sequence: 5, openedAt: null, closedAt: '2026-03-09T00:00:00Z' },
      { caseId: 'a', schoolId: 's', status: 'REPORTED', sequence: 1, openedAt: '2026-03-02T00:00:00Z', closedAt: null },
      { caseId: 'a', schoolId: 's', status: 'ASSIGNED', sequence: 3, openedAt: null, closedAt: null },
    ]);
    expect(merged).toEqual([
      {
        caseId: 'a',
        schoolId: 's',
        status: 'CLOSED',
        sequence: 5,
        openedAt: '2026-03-02T00:00:00Z',
        closedAt: '2026-03-09T00:00:00Z',
      },
    ]);
  });
});
