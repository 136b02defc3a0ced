import { Button, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError, get } from '../api.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../shell/session.js';
import { DataTable } from '../shared/data-table.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { StatusTag } from '../shared/status-tag.js';
import { formatTime } from '../shared/time.js';
import { useLoad } from '../shared/use-load.js';
import { myReportIds } from './my-report-ids.js';

export interface ReportSummary {
  id: string;
  reference: string;
  title: string;
  category: string;
  status: string;
  submittedAt: string;
}

export function MyReports() {
  const { t, label, language } = useI18n();
  const { user } = useSession();
  const reports = useLoad(async () => {
    const ids = await myReportIds(user!.id);
    const found = await Promise.all(
      ids.map((id) =>
        get<ReportSummary>(`/api/whistle-reports/${id}`).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return null;
          throw error;
        }),
      ),
    );
    return found
      .filter((report): report is ReportSummary => report !== null)
      .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  }, [user?.id]);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={2}>{t('report.mine')}</Typography.Title>
        <Link to="/school/reports/new">
          <Button type="primary">{t('nav.newReport')}</Button>
        </Link>
      </Space>
      <Typography.Paragraph type="secondary">{t('report.mineNote')}</Typography.Paragraph>
      <ErrorAlert error={reports.error} />
      <DataTable
        label={t('report.mine')}
        rowKey="id"
        loading={reports.loading}
        dataSource={reports.data ?? []}
        columns={[
          {
            title: t('report.reference'),
            dataIndex: 'reference',
            render: (reference: string, report) => <Link to={`/school/reports/${report.id}`}>{reference}</Link>,
          },
          { title: t('report.title'), dataIndex: 'title' },
          { title: t('report.category'), dataIndex: 'category', render: (value: string) => label('category', value) },
          { title: t('report.status'), dataIndex: 'status', render: (value: string) => <StatusTag status={value} /> },
          {
            title: t('report.submittedAt'),
            dataIndex: 'submittedAt',
            render: (value: string) => formatTime(value, language),
          },
        ]}
      />
    </Space>
  );
}
