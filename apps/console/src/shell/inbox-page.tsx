import { Badge, Button, List, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { get, type Page, post } from '../api.js';
import { useI18n } from '../i18n.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatTime } from '../shared/time.js';
import { useLoad } from '../shared/use-load.js';
import { useSession } from './session.js';

interface Notification {
  id: string;
  kind: string;
  caseId: string | null;
  title: string;
  createdAt: string;
  readAt: string | null;
}

/** The caller's notifications, newest first; opening one marks it read. */
export function InboxPage() {
  const { t, language } = useI18n();
  const { user } = useSession();
  const inbox = useLoad(() => get<Page<Notification>>('/api/inbox?limit=50'), []);
  const caseLink = (id: string) => (user?.role === 'school_reporter' ? `/school/reports/${id}` : `/cases/${id}`);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={2}>{t('inbox.title')}</Typography.Title>
        <Button onClick={() => void post('/api/inbox/read-all').then(inbox.reload)}>{t('inbox.readAll')}</Button>
      </Space>
      <ErrorAlert error={inbox.error} />
      <List
        loading={inbox.loading}
        dataSource={inbox.data?.items ?? []}
        renderItem={(item) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space>
                  {!item.readAt && <Badge status="processing" text={t('inbox.unread')} />}
                  {item.caseId ? (
                    <Link to={caseLink(item.caseId)} onClick={() => void post(`/api/inbox/${item.id}/read`)}>
                      {item.title}
                    </Link>
                  ) : (
                    item.title
                  )}
                </Space>
              }
              description={formatTime(item.createdAt, language)}
            />
          </List.Item>
        )}
      />
    </Space>
  );
}
