import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { query } from '../api.js';
import { useI18n } from '../i18n.js';
import { DataTable } from '../shared/data-table.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { StatusFilter } from '../shared/status-filter.js';
import { StatusTag } from '../shared/status-tag.js';
import { formatTime } from '../shared/time.js';
import { usePaged } from '../shared/use-paged.js';

/** A line of `GET /api/whistle-reports` (no texts beyond the title). */
export interface ReportSummary {
  id: string;
  reference: string;
  title: string;
  category: string;
  severity: string;
  status: string;
  submittedAt: string;
}

/** The school's own reports (the API takes the school from the token), newest first, a page at a time. */
export function MyReports() {
  const { t, label, language } = useI18n();
  const [status, setStatus] = useState<string | undefined>();
  const reports = usePaged<ReportSummary>(`/api/whistle-reports${query({ status, limit: 50 })}`);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={2}>{t('report.mine')}</Typography.Title>
        <Link to="/school/reports/new">
          <Button type="primary">{t('nav.newReport')}</Button>
        </Link>
      </Space>
      <Space wrap>
        <StatusFilter value={status} onChange={setStatus} />
        <Button onClick={reports.reload}>{t('app.refresh')}</Button>
      </Space>
      <ErrorAlert error={reports.error} />
      <DataTable<ReportSummary>
        label={t('report.mine')}
        rowKey="id"
        loading={reports.loading}
        dataSource={reports.items}
        columns={[
          {
            title: t('report.reference'),
            dataIndex: 'reference',
            render: (reference: string, report) => <Link to={`/school/reports/${report.id}`}>{reference}</Link>,
          },
          { title: t('report.title'), dataIndex: 'title' },
          { title: t('report.category'), dataIndex: 'category', render: (value: string) => label('category', value) },
          { title: t('report.severity'), dataIndex: 'severity', render: (value: string) => label('severity', value) },
          { title: t('report.status'), dataIndex: 'status', render: (value: string) => <StatusTag status={value} /> },
          {
            title: t('report.submittedAt'),
            dataIndex: 'submittedAt',
            render: (value: string) => formatTime(value, language),
          },
        ]}
      />
      {reports.next && <Button onClick={() => void reports.more()}>{t('app.more')}</Button>}
    </Space>
  );
}
