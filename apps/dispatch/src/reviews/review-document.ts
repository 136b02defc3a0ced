import { DateTime } from 'luxon';
import type { ReviewContent } from './review-content.js';
import { CATEGORY_LABELS, REASON_LABELS, RISK_LABELS, SEVERITY_LABELS, STATUS_LABELS } from './review-labels.js';

/** One section of the paper: a heading, a sentence, and a table (or what to say when it is empty). */
export interface ReviewSection {
  heading: string;
  lead?: string;
  columns: Array<{ header: string; share: number }>;
  rows: string[][];
  empty: string;
}

/** The review as the county's paper reads, shared by the PDF and the DOCX so both say the same. */
export interface ReviewDocument {
  title: string;
  subtitle: string;
  summary: string;
  sections: ReviewSection[];
}

const school = (item: { schoolName: string | null; schoolCode: string | null }) =>
  item.schoolName ? `${item.schoolName}（${item.schoolCode}）` : '—';

export function reviewDocument(review: ReviewContent, zone: string): ReviewDocument {
  const at = (iso: string) => DateTime.fromISO(iso, { zone }).toFormat('yyyy-MM-dd HH:mm');
  const lastDay = DateTime.fromISO(review.periodEnd, { zone }).minus({ days: 1 }).toISODate() as string;
  const overdueTasks = review.overdueByUnit.reduce((sum, unit) => sum + unit.total, 0);
  return {
    title: '校园安全风险研判（每两周）',
    subtitle: `研判期间 ${review.periodStart} 至 ${lastDay} · 生成于 ${at(review.madeAt)} · Biweekly risk review`,
    summary:
      `本期新增案件 ${review.newCases.count} 件，办结 ${review.closedCases.count} 件；` +
      `逾期任务 ${overdueTasks} 项；重复发案学校 ${review.repeatedSchools.length} 所；` +
      `生命安全事项 ${review.lifeSafety.length} 件；需会议研究的未结事项 ${review.openItems.length} 件。`,
    sections: [
      {
        heading: '一、新增案件 New cases',
        lead: `本期新增 ${review.newCases.count} 件。`,
        columns: [
          { header: '编号', share: 3 },
          { header: '学校', share: 4 },
          { header: '类别', share: 2 },
          { header: '等级', share: 1 },
          { header: '状态', share: 2 },
        ],
        rows: review.newCases.items.map((c) => [
          c.reference,
          school(c),
          CATEGORY_LABELS[c.category],
          SEVERITY_LABELS[c.severity],
          STATUS_LABELS[c.status],
        ]),
        empty: '本期无新增案件。',
      },
      {
        heading: '二、办结案件 Closed cases',
        lead: `本期办结 ${review.closedCases.count} 件。`,
        columns: [
          { header: '编号', share: 3 },
          { header: '学校', share: 4 },
          { header: '类别', share: 2 },
          { header: '办结时间', share: 3 },
        ],
        rows: review.closedCases.items.map((c) => [
          c.reference,
          school(c),
          CATEGORY_LABELS[c.category],
          at(c.closedAt),
        ]),
        empty: '本期无办结案件。',
      },
      {
        heading: '三、各单位逾期任务 Overdue tasks by unit',
        columns: [
          { header: '单位', share: 5 },
          { header: '逾期未签收', share: 2 },
          { header: '逾期未整改', share: 2 },
          { header: '合计', share: 1 },
          { header: '案件', share: 4 },
        ],
        rows: review.overdueByUnit.map((unit) => [
          `${unit.unitName}（${unit.unitCode}）`,
          String(unit.acknowledge),
          String(unit.rectify),
          String(unit.total),
          unit.tasks.map((task) => task.caseReference).join('、'),
        ]),
        empty: '无逾期任务。',
      },
      {
        heading: '四、重复发案学校 Schools with repeated cases',
        columns: [
          { header: '学校', share: 5 },
          { header: '案件数', share: 2 },
          { header: '案件编号', share: 7 },
        ],
        rows: review.repeatedSchools.map((s) => [school(s), String(s.cases), s.references.join('、')]),
        empty: '本期无重复发案学校。',
      },
      {
        heading: '五、上升类别 Categories rising',
        columns: [
          { header: '类别', share: 4 },
          { header: '本期', share: 2 },
          { header: '上期', share: 2 },
        ],
        rows: review.risingCategories.map((c) => [c.label, String(c.current), String(c.previous)]),
        empty: '本期无上升类别。',
      },
      {
        heading: '六、生命安全事项 Life-safety items',
        columns: [
          { header: '编号', share: 3 },
          { header: '学校', share: 4 },
          { header: '类别', share: 2 },
          { header: '状态', share: 2 },
          { header: '上报时间', share: 3 },
        ],
        rows: review.lifeSafety.map((c) => [
          c.reference,
          school(c),
          CATEGORY_LABELS[c.category],
          STATUS_LABELS[c.status],
          at(c.reportedAt),
        ]),
        empty: '本期无生命安全事项。',
      },
      {
        heading: '七、需会议研究的未结事项 Open items for the meeting',
        columns: [
          { header: '编号', share: 3 },
          { header: '学校', share: 4 },
          { header: '类别', share: 2 },
          { header: '风险', share: 1 },
          { header: '状态', share: 2 },
          { header: '原因', share: 3 },
        ],
        rows: review.openItems.map((item) => [
          item.reference,
          school(item),
          CATEGORY_LABELS[item.category],
          item.riskLevel ? RISK_LABELS[item.riskLevel] : '—',
          STATUS_LABELS[item.status],
          item.reasons.map((reason) => REASON_LABELS[reason]).join('、'),
        ]),
        empty: '无需会议研究的未结事项。',
      },
    ],
  };
}
