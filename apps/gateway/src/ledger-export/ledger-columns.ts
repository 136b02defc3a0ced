import type { LedgerRow } from '#libs/contracts';
import { countyTime } from './county-time.js';

export const EXPORT_LANGUAGES = ['zh', 'en'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];

interface Column {
  zh: string;
  en: string;
  width: number;
  value: (row: LedgerRow, context: { zone: string; lang: ExportLanguage }) => string | number | null;
}

const time =
  (pick: (row: LedgerRow) => string | null) =>
  (row: LedgerRow, { zone }: { zone: string }) =>
    countyTime(pick(row), zone);

/** The ledger's columns in order: the header in each language and how a row fills the cell. */
export const LEDGER_COLUMNS: readonly Column[] = [
  { zh: '案件编号', en: 'Reference', width: 18, value: (r) => r.reference },
  { zh: '上报时间', en: 'Reported', width: 20, value: time((r) => r.reportedAt) },
  { zh: '学校', en: 'School', width: 24, value: (r) => r.schoolName },
  { zh: '类别', en: 'Category', width: 16, value: (r) => r.category },
  { zh: '紧急程度', en: 'Severity', width: 10, value: (r) => r.severity },
  { zh: '来源', en: 'Source', width: 12, value: (r) => r.source },
  { zh: '案件状态', en: 'Case status', width: 14, value: (r) => r.caseStatus },
  { zh: '责任单位', en: 'Responsible unit', width: 24, value: (r) => r.unitName },
  { zh: '牵头/协办', en: 'Role', width: 10, value: (r) => r.role },
  { zh: '任务状态', en: 'Task status', width: 14, value: (r) => r.taskStatus },
  { zh: '报到时限', en: 'Acknowledge by', width: 20, value: time((r) => r.ackDueAt) },
  { zh: '报到时间', en: 'Acknowledged', width: 20, value: time((r) => r.acknowledgedAt) },
  { zh: '整改时限', en: 'Rectify by', width: 20, value: time((r) => r.rectifyDueAt) },
  { zh: '整改完成时间', en: 'Rectified', width: 20, value: time((r) => r.rectifiedAt) },
  {
    zh: '是否超期',
    en: 'Overdue',
    width: 8,
    value: (r, { lang }) => (r.overdue ? (lang === 'zh' ? '是' : 'yes') : lang === 'zh' ? '否' : 'no'),
  },
  { zh: '延期状态', en: 'Extension', width: 10, value: (r) => r.extensionStatus },
  { zh: '延期至', en: 'Extended to', width: 20, value: time((r) => r.extensionDueAt) },
  { zh: '延期申请次数', en: 'Extensions asked', width: 8, value: (r) => r.extensionsAsked },
  { zh: '案件ID', en: 'Case ID', width: 38, value: (r) => r.caseId },
  { zh: '任务ID', en: 'Task ID', width: 38, value: (r) => r.taskId },
];

export const headersIn = (lang: ExportLanguage) => LEDGER_COLUMNS.map((column) => column[lang]);

export const cellsOf = (row: LedgerRow, context: { zone: string; lang: ExportLanguage }) =>
  LEDGER_COLUMNS.map((column) => column.value(row, context));
