import { Button, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { query } from '../api.js';
import { useI18n } from '../i18n.js';
import { DataTable } from '../shared/data-table.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatTime } from '../shared/time.js';
import { usePaged } from '../shared/use-paged.js';
import { TIP_STATUSES } from '../vocabulary.js';

interface TipSummary {
  id: string;
  reference: string;
  status: string;
  category: string | null;
  lifeSafety: boolean;
  submittedAt: string;
}

/** The 110 mailbox's queue (no texts here: opening a tip reads them, and that read is audited). */
export function TipQueue() {
  const { t, label, language } = useI18n();
  const [status, setStatus] = useState<string>('received');
  const tips = usePaged<TipSummary>(`/api/tips${query({ status, limit: 50 })}`);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('tips.title')}</Typography.Title>
      <Space wrap>
        <Select
          aria-label={t('cases.filterStatus')}
          style={{ minWidth: 160 }}
          value={status}
          onChange={setStatus}
          options={[
            { value: '', label: t('cases.all') },
            ...TIP_STATUSES.map((value) => ({ value, label: label('tipStatus', value) })),
          ]}
        />
        <Button onClick={tips.reload}>{t('app.refresh')}</Button>
      </Space>
      <ErrorAlert error={tips.error} />
      <DataTable<TipSummary>
        label={t('tips.title')}
        rowKey="id"
        loading={tips.loading}
        dataSource={tips.items}
        columns={[
          {
            title: t('tips.reference'),
            dataIndex: 'reference',
            render: (reference: string, tip) => (
              <Space>
                <Link to={`/tips/${tip.id}`}>{reference}</Link>
                {tip.lifeSafety && (
                  <Tag color="#a8071a" variant="solid">
                    !
                  </Tag>
                )}
              </Space>
            ),
          },
          { title: t('report.status'), dataIndex: 'status', render: (value: string) => label('tipStatus', value) },
          {
            title: t('report.category'),
            dataIndex: 'category',
            render: (value: string | null) => label('category', value),
          },
          {
            title: t('tips.receivedAt'),
            dataIndex: 'submittedAt',
            render: (value: string) => formatTime(value, language),
          },
        ]}
      />
      {tips.next && <Button onClick={() => void tips.more()}>{t('app.more')}</Button>}
    </Space>
  );
}
