import { composeReview, overdueDeadline, type ReviewCaseRow, type ReviewTaskRow } from './review-content.js';
import { fortnight, previousFortnight } from './fortnights.js';

const zone = 'Asia/Shanghai';
const period = fortnight('2026-01-19', zone);
const previous = previousFortnight(period, zone);
const madeAt = new Date('2026-02-02T00:00:00Z');
const inPeriod = new Date('2026-01-22T02:00:00Z');
const inPrevious = new Date('2026-01-08T02:00:00Z');

let n = 0;
const kase = (overrides: Partial<ReviewCaseRow> = {}): ReviewCaseRow => {
  n += 1;
  return {
    caseId: `case-${n}`,
    reference: `DM-${String(n).padStart(4, '0')}`,
    category: 'bullying',
    severity: 'normal',
    riskLevel: null,
    lifeSafety: false,
    status: 'ASSIGNED',
    schoolId: 's1',
    schoolCode: 'DM-S001',
    schoolName: '第一中学',
    reportedAt: inPeriod,
    closedAt: null,
    ...overrides,
  };
};
const task = (of: ReviewCaseRow, overrides: Partial<ReviewTaskRow> = {}): ReviewTaskRow => ({
  taskId: `task-of-${of.caseId}`,
  caseId: of.caseId,
  caseReference: of.reference,
  unitId: 'u-psb',
  unitCode: 'DM-PSB',
  unitName: '公安局',
  status: 'ASSIGNED',
  ackDueAt: new Date('2026-01-25T00:00:00Z'),
  rectifyDueAt: null,
  escalated: false,
  ...overrides,
});

describe('the biweekly review’s content', () => {
  it('counts new and closed cases of the fortnight, not of the one before or after', () => {
    const fresh = kase();
    const old = kase({ reportedAt: inPrevious });
    const closedNow = kase({ reportedAt: inPrevious, status: 'CLOSED', closedAt: inPeriod });
    const later = kase({ reportedAt: new Date('2026-02-02T01:00:00Z') });
    const atStart = kase({ reportedAt: period.from });
    const atEnd = kase({ reportedAt: period.to });
    const review = composeReview({
      period,
      previous,
      madeAt,
      cases: [fresh, old, closedNow, later, atStart, atEnd],
      tasks: [],
    });
    expect(review.newCases.items.map((c) => c.reference)).toEqual([atStart.reference, fresh.reference]);
    expect(review.newCases.count).toBe(2);
    expect(review.closedCases).toEqual({
      count: 1,
      items: [expect.objectContaining({ reference: closedNow.reference, closedAt: inPeriod.toISOString() })],
    });
    expect(review).toMatchObject({
      periodStart: '2026-01-19',
      periodEnd: '2026-02-02',
      previousPeriodStart: '2026-01-05',
    });
  });

  it('compares categories with the fortnight before and lists those rising', () => {
    const cases = [
      kase({ category: 'bullying' }),
      kase({ category: 'bullying' }),
      kase({ category: 'bullying', reportedAt: inPrevious }),
      kase({ category: 'dropout', reportedAt: inPrevious }),
      kase({ category: 'psychological' }),
    ];
    const review = composeReview({ period, previous, madeAt, cases, tasks: [] });
    expect(review.byCategory).toEqual([
      { category: 'psychological', label: '心理预警', current: 1, previous: 0 },
      { category: 'bullying', label: '防治欺凌', current: 2, previous: 1 },
      { category: 'public-safety', label: '校园公共安全', current: 0, previous: 0 },
      { category: 'dropout', label: '控辍保学', current: 0, previous: 1 },
      { category: 'sunshine-school', label: '阳光校园', current: 0, previous: 0 },
    ]);
    expect(review.risingCategories.map((c) => c.category)).toEqual(['psychological', 'bullying']);
  });

  it('finds schools with two or more new cases, and life-safety cases', () => {
    const a = kase({ lifeSafety: true, severity: 'urgent' });
    const b = kase();
    const other = kase({ schoolId: 's2', schoolCode: 'DM-S002', schoolName: '第二小学' });
    const earlier = kase({ schoolId: 's2', schoolCode: 'DM-S002', reportedAt: inPrevious, lifeSafety: true });
    const merged = kase({ schoolId: 's2', schoolCode: 'DM-S002', status: 'MERGED' });
    const review = composeReview({ period, previous, madeAt, cases: [a, b, other, earlier, merged], tasks: [] });
    expect(review.repeatedSchools).toEqual([
      {
        schoolId: 's1',
        schoolCode: 'DM-S001',
        schoolName: '第一中学',
        cases: 2,
        references: [a.reference, b.reference],
      },
    ]);
    expect(review.lifeSafety.map((c) => c.reference)).toEqual([a.reference]);
  });

  it('counts overdue tasks per unit by the deadline they still owe when the review is made', () => {
    const c1 = kase();
    const c2 = kase();
    const c3 = kase();
    const tasks = [
      task(c1),
      task(c2, { status: 'IN_PROGRESS', ackDueAt: null, rectifyDueAt: new Date('2026-01-30T00:00:00Z') }),
      task(c2, {
        taskId: 'assist',
        unitId: 'u-edu',
        unitCode: 'DM-EDU',
        unitName: '教育局',
        ackDueAt: new Date('2026-01-28T00:00:00Z'),
      }),
      // Due after the review is made, rectified, or declined: not overdue.
      task(c3, { ackDueAt: new Date('2026-02-03T00:00:00Z') }),
      task(c3, { taskId: 'done', status: 'RECTIFIED', ackDueAt: null, rectifyDueAt: new Date('2026-01-20T00:00:00Z') }),
      task(c3, { taskId: 'declined', status: 'DECLINED' }),
    ];
    const review = composeReview({ period, previous, madeAt, cases: [c1, c2, c3], tasks });
    expect(review.overdueByUnit).toEqual([
      {
        unitId: 'u-psb',
        unitCode: 'DM-PSB',
        unitName: '公安局',
        acknowledge: 1,
        rectify: 1,
        total: 2,
        tasks: [
          {
            taskId: `task-of-${c1.caseId}`,
            caseReference: c1.reference,
            deadline: 'ack',
            dueAt: '2026-01-25T00:00:00.000Z',
          },
          {
            taskId: `task-of-${c2.caseId}`,
            caseReference: c2.reference,
            deadline: 'rectify',
            dueAt: '2026-01-30T00:00:00.000Z',
          },
        ],
      },
      expect.objectContaining({ unitCode: 'DM-EDU', acknowledge: 1, rectify: 0, total: 1 }),
    ]);
  });

  it('owes the acknowledgement before the rectification', () => {
    const c = kase();
    const both = task(c, {
      ackDueAt: new Date('2026-02-05T00:00:00Z'),
      rectifyDueAt: new Date('2026-01-20T00:00:00Z'),
    });
    expect(overdueDeadline(both, madeAt)).toBeUndefined();
    expect(overdueDeadline(both, new Date('2026-02-06T00:00:00Z'))).toEqual({
      deadline: 'ack',
      dueAt: new Date('2026-02-05T00:00:00Z'),
    });
  });

  it('lists the open cases the meeting should look at, with why, whenever they were reported', () => {
    const overdue = kase({ reportedAt: new Date('2025-11-01T00:00:00Z') });
    const escalated = kase();
    const risky = kase({ riskLevel: 'critical' });
    const riskyButClosed = kase({ riskLevel: 'high', status: 'CLOSED', closedAt: inPeriod });
    const quiet = kase({ riskLevel: 'medium' });
    const tasks = [
      task(overdue),
      task(escalated, { ackDueAt: new Date('2026-03-01T00:00:00Z'), escalated: true, unitId: 'u-edu' }),
    ];
    const review = composeReview({
      period,
      previous,
      madeAt,
      cases: [overdue, escalated, risky, riskyButClosed, quiet],
      tasks,
    });
    expect(review.openItems.map((item) => [item.reference, item.reasons])).toEqual([
      [overdue.reference, ['overdue']],
      [escalated.reference, ['escalated']],
      [risky.reference, ['high-risk']],
    ]);
  });
});
