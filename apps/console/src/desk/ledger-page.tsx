import type { LedgerRow } from '#libs/contracts';
import { Button, Space, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { query } from '../api.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../shell/session.js';
import { DataTable } from '../shared/data-table.js';
import { DownloadButton } from '../shared/download-button.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { StatusTag } from '../shared/status-tag.js';
import { formatTime } from '../shared/time.js';
import { usePaged } from '../shared/use-paged.js';
import { FILTER_NAMES, LedgerFilterForm, type LedgerFilters } from './ledger-filters.js';

/**
 * The ledger (台账): a row per case and responsible unit, filtered as `GET /api/ledger` filters, a
 * page at a time with the total, and the same filters exported as CSV or XLSX. The filters live in
 * the address, so a filtered ledger can be linked to (the escalations page does).
 */
export function LedgerPage() {
  const { t, label, language } = useI18n();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const filters: LedgerFilters = Object.fromEntries(
    FILTER_NAMES.flatMap((name) => (params.get(name) ? [[name, params.get(name)]] : [])),
  );
  const rows = usePaged<LedgerRow>(`/api/ledger${query({ ...filters, limit: 50 })}`);
  const isUnit = user?.role === 'department_handler' || user?.role === 'department_head';
  const isSchool = user?.role === 'school_reporter';
  const exportQuery = query({ ...filters, lang: language === 'en' ? 'en' : undefined });
  const time = (value: string | null) => formatTime(value, language);
  const caseLink = (row: LedgerRow) => (isSchool ? `/school/reports/${row.caseId}` : `/cases/${row.caseId}`);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('ledger.title')}
      </Typography.Title>
      <LedgerFilterForm
        value={filters}
        onChange={(next) => setParams(new URLSearchParams(next as Record<string, string>), { replace: true })}
        hideUnit={isUnit}
        hideSchool={isSchool}
      />
      <Space wrap>
        <Typography.Text strong data-testid="ledger-total">
          {t('ledger.total', { count: rows.total ?? 0 })}
        </Typography.Text>
        <DownloadButton path={`/api/ledger.csv${exportQuery}`} fileName="ledger.csv" testId="export-csv">
          {t('ledger.exportCsv')}
        </DownloadButton>
        <DownloadButton path={`/api/ledger.xlsx${exportQuery}`} fileName="ledger.xlsx" testId="export-xlsx">
          {t('ledger.exportXlsx')}
        </DownloadButton>
        <Button onClick={rows.reload}>{t('app.refresh')}</Button>
      </Space>
      <ErrorAlert error={rows.error} />
      <DataTable<LedgerRow>
        label={t('ledger.title')}
        rowKey={(row) => row.taskId ?? row.caseId}
        size="small"
        scroll={{ x: 'max-content' }}
        loading={rows.loading}
        dataSource={rows.items}
        columns={[
          {
            title: t('report.reference'),
            dataIndex: 'reference',
            render: (reference: string, row) => <Link to={caseLink(row)}>{reference}</Link>,
          },
          {
            title: t('ledger.overdue'),
            dataIndex: 'overdue',
            render: (overdue: boolean) =>
              overdue ? (
                <Tag color="#a8071a" variant="solid">
                  {t('ledger.overdueYes')}
                </Tag>
              ) : (
                t('ledger.overdueNo')
              ),
          },
          { title: t('cases.reportedAt'), dataIndex: 'reportedAt', render: time },
          ...(isSchool
            ? []
            : [{ title: t('cases.school'), dataIndex: 'schoolName', render: (v: string | null) => v ?? '—' }]),
          { title: t('report.category'), dataIndex: 'category', render: (v: string) => label('category', v) },
          { title: t('report.severity'), dataIndex: 'severity', render: (v: string) => label('severity', v) },
          { title: t('cases.source'), dataIndex: 'source', render: (v: string) => label('source', v) },
          {
            title: t('ledger.caseStatus'),
            dataIndex: 'caseStatus',
            render: (v: string) => <StatusTag status={v} />,
          },
          { title: t('case.unit'), dataIndex: 'unitName', render: (v: string | null) => v ?? '—' },
          { title: t('tasks.role'), dataIndex: 'role', render: (v: string | null) => label('taskRole', v) },
          {
            title: t('tasks.status'),
            dataIndex: 'taskStatus',
            render: (v: string | null) => (v ? <StatusTag status={v} /> : '—'),
          },
          { title: t('tasks.ackDue'), dataIndex: 'ackDueAt', render: time },
          { title: t('ledger.acknowledgedAt'), dataIndex: 'acknowledgedAt', render: time },
          { title: t('tasks.rectifyDue'), dataIndex: 'rectifyDueAt', render: time },
          { title: t('ledger.rectifiedAt'), dataIndex: 'rectifiedAt', render: time },
          {
            title: t('tasks.extensions'),
            render: (_, row) =>
              row.extensionStatus
                ? `${label('extension', row.extensionStatus)} · ${time(row.extensionDueAt)} (${row.extensionsAsked})`
                : '—',
          },
        ]}
      />
      {rows.next && <Button onClick={() => void rows.more()}>{t('app.more')}</Button>}
    </Space>
  );
}
