import { Timeline, Typography } from 'antd';
import { useI18n } from '../i18n.js';
import { formatTime } from '../shared/time.js';
import type { TimelineEntry } from './case-types.js';

/** Every step of the case: when, what, by which role, and the reason given. */
export function CaseTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { label, language } = useI18n();
  return (
    <Timeline
      items={entries.map((entry) => ({
        content: (
          <div>
            <Typography.Text strong>{label('command', entry.command)}</Typography.Text> → {label('status', entry.to)}
            <br />
            <Typography.Text type="secondary">
              {formatTime(entry.at, language)}
              {entry.actorRole ? ` · ${label('role', entry.actorRole)}` : ''}
            </Typography.Text>
            {entry.reason && <Typography.Paragraph style={{ margin: 0 }}>{entry.reason}</Typography.Paragraph>}
          </div>
        ),
      }))}
    />
  );
}
