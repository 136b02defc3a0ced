import type { LedgerRow } from '#libs/contracts';
import { Button, Card, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { get } from '../api.js';
import { useI18n } from '../i18n.js';
import { DataTable } from '../shared/data-table.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { StatusTag } from '../shared/status-tag.js';
import { formatDuration, formatTime } from '../shared/time.js';
import { useLoad } from '../shared/use-load.js';
import { usePaged } from '../shared/use-paged.js';
import { owedDeadline } from './desk-vocabulary.js';
import { rungs, type UnitStats, type UnitStatsAnswer } from './stats-types.js';

/**
 * What needs the supervisor's (and the task force's) attention: the ledger's rows past a deadline
 * they still owe, longest overdue first, each linked to its case; and per unit the breaches and the
 * escalation ladder's rungs fired in the last 90 days (the ledger's rows do not carry the level).
 */
export function EscalationsPage() {
  const { t, language } = useI18n();
  const overdue = usePaged<LedgerRow>('/api/ledger?overdue=true&limit=100');
  const stats = useLoad(() => get<UnitStatsAnswer>('/api/stats/units'), []);
  const now = Date.now();
  const rows = useMemo(
    () =>
      overdue.items
        .map((row) => ({ row, owed: owedDeadline(row) }))
        .sort((a, b) => (a.owed.dueAt ?? '').localeCompare(b.owed.dueAt ?? '')),
    [overdue.items],
  );
  const escalated = (stats.data?.items ?? []).filter(
    (unit) => unit.breaches.total > 0 || Object.keys(unit.escalations).length > 0,
  );
  const level = (value: string) => t('escalations.level', { level: value });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('escalations.title')}
        </Typography.Title>
        <Space wrap>
          <Link to="/ledger?overdue=true">{t('escalations.inLedger')}</Link>
          <Button onClick={overdue.reload}>{t('app.refresh')}</Button>
        </Space>
      </Space>
      <ErrorAlert error={overdue.error ?? stats.error} />
      <Typography.Text strong data-testid="escalations-total">
        {t('escalations.total', { count: overdue.total ?? 0 })}
      </Typography.Text>
      <DataTable<{ row: LedgerRow; owed: ReturnType<typeof owedDeadline> }>
        label={t('escalations.title')}
        rowKey={({ row }) => row.taskId ?? row.caseId}
        size="small"
        loading={overdue.loading}
        dataSource={rows}
        columns={[
          {
            title: t('report.reference'),
            render: (_, { row }) => <Link to={`/cases/${row.caseId}`}>{row.reference}</Link>,
          },
          { title: t('case.unit'), render: (_, { row }) => row.unitName ?? '—' },
          { title: t('cases.school'), render: (_, { row }) => row.schoolName ?? '—' },
          {
            title: t('escalations.owes'),
            render: (_, { owed }) => (owed.deadline === 'ack' ? t('tasks.ackDue') : t('tasks.rectifyDue')),
          },
          { title: t('escalations.dueAt'), render: (_, { owed }) => formatTime(owed.dueAt, language) },
          {
            title: t('escalations.overdueBy'),
            render: (_, { owed }) =>
              owed.dueAt ? (
                <Typography.Text type="danger">
                  {formatDuration(now - Date.parse(owed.dueAt), language)}
                </Typography.Text>
              ) : (
                '—'
              ),
          },
          { title: t('ledger.caseStatus'), render: (_, { row }) => <StatusTag status={row.caseStatus} /> },
        ]}
      />
      {overdue.next && <Button onClick={() => void overdue.more()}>{t('app.more')}</Button>}
      <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('escalations.byUnit')}</h3>}>
        <DataTable<UnitStats>
          label={t('escalations.byUnit')}
          rowKey="unitId"
          size="small"
          loading={stats.loading}
          dataSource={escalated}
          locale={{ emptyText: <Typography.Text type="secondary">{t('app.none')}</Typography.Text> }}
          columns={[
            { title: t('case.unit'), render: (_, unit) => unit.unitName ?? unit.unitId },
            { title: t('stats.ackBreaches'), render: (_, unit) => unit.breaches.ack },
            { title: t('stats.rectifyBreaches'), render: (_, unit) => unit.breaches.rectify },
            { title: t('stats.escalations'), render: (_, unit) => rungs(unit.escalations, level) },
          ]}
        />
        <Typography.Text type="secondary">{t('stats.period90')}</Typography.Text>
      </Card>
    </Space>
  );
}
