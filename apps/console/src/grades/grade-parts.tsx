import { Tag, Typography } from 'antd';
import { useI18n } from '../i18n.js';
import { formatTime } from '../shared/time.js';
import type { Appeal, GradeReason, SchoolGrade } from './grade-types.js';

/** Dark tags with white text, as the status tags: readable whatever the tier. */
const TIER_COLOURS: Record<string, string> = {
  demonstration: '#237804',
  compliant: '#0958d9',
  'non-compliant': '#a8071a',
};

export function TierTag({ tier }: { tier: string | null | undefined }) {
  const { label } = useI18n();
  if (!tier) return <>—</>;
  return (
    <Tag color={TIER_COLOURS[tier] ?? '#434343'} variant="solid">
      {label('grades.tier', tier)}
    </Tag>
  );
}

/** Short texts one under another (a dash for none). */
const lines = (texts: string[]) =>
  texts.length === 0 ? '—' : texts.map((text, index) => <div key={index}>{text}</div>);

/** A grade's words: its move, its reasons (vetoes, criteria that moved), its breakdown. */
export function useGradeWords() {
  const { t, label } = useI18n();
  const reason = (item: GradeReason) =>
    item.kind === 'veto'
      ? t('grades.vetoed', { veto: label('grades.veto', item.item) })
      : `${label('grades.criterion', item.criterion)} ${item.previousPoints ?? '—'} → ${item.points}/${item.max}`;
  return {
    move: (grade: SchoolGrade) => label('grades.move', grade.move),
    reasons: (grade: SchoolGrade) => lines((grade.reasons ?? []).map(reason)),
    breakdown: (grade: SchoolGrade) =>
      lines(grade.breakdown.map((line) => `${label('grades.criterion', line.criterion)} ${line.points}/${line.max}`)),
    amendment: (grade: SchoolGrade) =>
      grade.amendment
        ? t('grades.amendedTo', {
            tier: label('grades.tier', grade.amendment.tier),
            reason: grade.amendment.reason ?? '',
          })
        : '—',
  };
}

/** An appeal's state: awaiting a decision, or the decision with its reason and time. */
export function AppealResult({ appeal }: { appeal: Appeal | undefined }) {
  const { t, label, language } = useI18n();
  if (!appeal) return <>—</>;
  if (!appeal.decision) {
    return (
      <Tag color="#ad4e00" variant="solid">
        {t('appeals.status.pending')}
      </Tag>
    );
  }
  const reason = appeal.decisionReason ?? '';
  return (
    <div>
      <div>
        {appeal.decision === 'amend'
          ? t('appeals.amended', { tier: label('grades.tier', appeal.amendedTier), reason })
          : t('appeals.upheld', { reason })}
      </div>
      <Typography.Text type="secondary">
        {t('appeals.decidedAt', { at: formatTime(appeal.decidedAt, language) })}
      </Typography.Text>
    </div>
  );
}
