import { fortnight, previousFortnight } from './fortnights.js';
import { composeReview } from './review-content.js';
import { reviewDocument } from './review-document.js';

describe('the review as the county’s paper', () => {
  it('says the fortnight in county dates, sums up the counts, and says so when a section is empty', () => {
    const period = fortnight('2026-01-19', 'Asia/Shanghai');
    const review = composeReview({
      period,
      previous: previousFortnight(period, 'Asia/Shanghai'),
      madeAt: new Date('2026-02-02T00:00:00Z'),
      cases: [],
      tasks: [],
    });
    const document = reviewDocument(review, 'Asia/Shanghai');
    expect(document.subtitle).toContain('研判期间 2026-01-19 至 2026-02-01 · 生成于 2026-02-02 08:00');
    expect(document.summary).toBe(
      '本期新增案件 0 件，办结 0 件；逾期任务 0 项；重复发案学校 0 所；生命安全事项 0 件；需会议研究的未结事项 0 件。',
    );
    expect(document.sections.map((section) => [section.rows.length, section.empty])).toEqual([
      [0, '本期无新增案件。'],
      [0, '本期无办结案件。'],
      [0, '无逾期任务。'],
      [0, '本期无重复发案学校。'],
      [0, '本期无上升类别。'],
      [0, '本期无生命安全事项。'],
      [0, '无需会议研究的未结事项。'],
    ]);
  });
});
