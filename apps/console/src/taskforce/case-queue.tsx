import { Button, Checkbox, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { query } from '../api.js';
import { useI18n } from '../i18n.js';
import { useDirectory } from '../shared/directory.js';
import { DataTable } from '../shared/data-table.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { StatusFilter } from '../shared/status-filter.js';
import { StatusTag } from '../shared/status-tag.js';
import { formatTime } from '../shared/time.js';
import { usePaged } from '../shared/use-paged.js';

export interface CaseSummary {
  id: string;
  reference: string;
  source: string;
  schoolId: string | null;
  category: string;
  severity: string;
  status: string;
  disputed: boolean;
  reportedAt: string;
}

/** The county's cases, newest first, filtered by status and overdue, a page at a time. */
export function CaseQueue() {
  const { t, label, language } = useI18n();
  const { nameOf } = useDirectory();
  const [status, setStatus] = useState<string | undefined>();
  const [overdue, setOverdue] = useState(false);
  const cases = usePaged<CaseSummary>(`/api/cases${query({ status, overdue: overdue || undefined, limit: 50 })}`);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={2}>{t('cases.title')}</Typography.Title>
      <Space wrap>
        <StatusFilter value={status} onChange={setStatus} />
        <Checkbox
          checked={overdue}
          onChange={(event) => {
            setOverdue(event.target.checked);
          }}
        >
          {t('cases.overdue')}
        </Checkbox>
        <Button onClick={cases.reload}>{t('app.refresh')}</Button>
      </Space>
      <ErrorAlert error={cases.error} />
      <DataTable<CaseSummary>
        label={t('cases.title')}
        rowKey="id"
        loading={cases.loading}
        dataSource={cases.items}
        columns={[
          {
            title: t('report.reference'),
            dataIndex: 'reference',
            render: (reference: string, row) => <Link to={`/cases/${row.id}`}>{reference}</Link>,
          },
          { title: t('report.status'), dataIndex: 'status', render: (value: string) => <StatusTag status={value} /> },
          { title: t('report.category'), dataIndex: 'category', render: (value: string) => label('category', value) },
          { title: t('report.severity'), dataIndex: 'severity', render: (value: string) => label('severity', value) },
          { title: t('cases.source'), dataIndex: 'source', render: (value: string) => label('source', value) },
          { title: t('cases.school'), dataIndex: 'schoolId', render: (value: string | null) => nameOf(value) },
          {
            title: t('cases.reportedAt'),
            dataIndex: 'reportedAt',
            render: (value: string) => formatTime(value, language),
          },
        ]}
      />
      {cases.next && <Button onClick={() => void cases.more()}>{t('app.more')}</Button>}
    </Space>
  );
}
