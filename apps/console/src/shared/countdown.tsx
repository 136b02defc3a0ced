import { Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n.js';
import { formatDuration, formatTime } from './time.js';

/** Time left to a due time the server computed (in the policy's working or calendar time). */
export function Countdown({ dueAt }: { dueAt: string | null }) {
  const { t, language } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!dueAt) return <>—</>;
  const left = Date.parse(dueAt) - now;
  const text = formatDuration(left, language);
  return (
    <span>
      <Typography.Text type={left < 0 ? 'danger' : left < 3_600_000 ? 'warning' : undefined} strong>
        {left < 0 ? t('tasks.overdue', { time: text }) : t('tasks.left', { time: text })}
      </Typography.Text>{' '}
      <Typography.Text type="secondary">{formatTime(dueAt, language)}</Typography.Text>
    </span>
  );
}
