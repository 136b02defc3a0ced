import { Tag } from 'antd';
import { useI18n } from '../i18n.js';

/** Dark tags with white text: readable contrast whatever the status. */
const COLOURS: Record<string, string> = {
  REPORTED: '#595959',
  FORWARDED: '#0958d9',
  ASSESSED: '#1d39c4',
  ASSIGNED: '#531dab',
  ACKNOWLEDGED: '#006d75',
  IN_PROGRESS: '#ad4e00',
  RECTIFIED: '#237804',
  VERIFIED: '#135200',
  CLOSED: '#262626',
  REJECTED: '#a8071a',
  REOPENED: '#ad2102',
  TRANSFERRED: '#874d00',
  MERGED: '#434343',
  DECLINED: '#874d00',
  FEEDBACK_GIVEN: '#237804',
};

export function StatusTag({ status }: { status: string }) {
  const { label } = useI18n();
  return (
    <Tag color={COLOURS[status] ?? '#434343'} variant="solid">
      {label('status', status)}
    </Tag>
  );
}
