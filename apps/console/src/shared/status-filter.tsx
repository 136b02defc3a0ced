import { Select } from 'antd';
import { useI18n } from '../i18n.js';
import { CASE_STATUSES } from '../vocabulary.js';

/** A list's case-status filter: every status, or "all" (undefined). */
export function StatusFilter({ value, onChange }: { value?: string; onChange: (status?: string) => void }) {
  const { t, label } = useI18n();
  return (
    <Select
      aria-label={t('cases.filterStatus')}
      style={{ minWidth: 180 }}
      value={value ?? ''}
      onChange={(next: string) => onChange(next || undefined)}
      options={[
        { value: '', label: t('cases.all') },
        ...CASE_STATUSES.map((status) => ({ value: status, label: label('status', status) })),
      ]}
    />
  );
}
