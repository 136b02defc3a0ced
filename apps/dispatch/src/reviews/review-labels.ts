import type { CaseStatus, Category, RiskLevel, Severity } from '#libs/contracts';

/** How the county's papers name things (the intake taxonomy's Chinese names). */
export const CATEGORY_LABELS: Record<Category, string> = {
  psychological: '心理预警',
  bullying: '防治欺凌',
  'public-safety': '校园公共安全',
  dropout: '控辍保学',
  'sunshine-school': '阳光校园',
};

export const SEVERITY_LABELS: Record<Severity, string> = { urgent: '紧急', high: '较高', normal: '一般' };

export const RISK_LABELS: Record<RiskLevel, string> = { low: '低', medium: '中', high: '高', critical: '极高' };

export const STATUS_LABELS: Record<CaseStatus, string> = {
  REPORTED: '已上报',
  FORWARDED: '已转交',
  ASSESSED: '已研判',
  ASSIGNED: '已交办',
  ACKNOWLEDGED: '已签收',
  IN_PROGRESS: '处置中',
  RECTIFIED: '已整改',
  VERIFIED: '已核查',
  REOPENED: '重新交办',
  TRANSFERRED: '待改派',
  CLOSED: '已办结',
  REJECTED: '不予受理',
  MERGED: '已合并',
};

export const REASON_LABELS = {
  overdue: '逾期',
  escalated: '已升级',
  'high-risk': '高风险',
} as const;
