import { Card, Col, Form, Input, Row, Space, Statistic, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { get, query } from '../api.js';
import { useI18n } from '../i18n.js';
import { DataTable } from '../shared/data-table.js';
import { EChart } from '../shared/echart.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatDuration, formatTime } from '../shared/time.js';
import { useLoad } from '../shared/use-load.js';
import { type OverviewAnswer, percent, rungs, type UnitStats, type UnitStatsAnswer } from './stats-types.js';

const cardTitle = (text: string) => <h3 style={{ margin: 0, fontSize: 15 }}>{text}</h3>;

/**
 * The ledger's statistics on the dashboard: per unit (`GET /api/stats/units`: on-time rates as a
 * table and a bar chart) and for the county (`GET /api/stats/overview`: cases by category, status
 * and source, the top schools, the weekly opened / closed / overdue line), over a period of county
 * dates (the API's 90 days when none is given).
 */
export function StatsPanel() {
  const { t, label, language } = useI18n();
  const [period, setPeriod] = useState<{ from?: string; to?: string }>({});
  const loaded = useLoad(async () => {
    const range = query({ from: period.from, to: period.to });
    const [units, overview] = await Promise.all([
      get<UnitStatsAnswer>(`/api/stats/units${range}`),
      get<OverviewAnswer>(`/api/stats/overview${range}`),
    ]);
    return { units, overview };
  }, [period.from, period.to]);
  const units = loaded.data?.units.items ?? [];
  const overview = loaded.data?.overview;
  const seconds = (value: number | null) => (value === null ? '—' : formatDuration(value * 1000, language));
  const level = (value: string) => t('escalations.level', { level: value });

  const ratesOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, bottom: 72, top: 40 },
      xAxis: { type: 'category', data: units.map((u) => u.unitName ?? u.unitId), axisLabel: { rotate: 20 } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t('stats.ackOnTime'),
          type: 'bar',
          data: units.map((u) => (u.acknowledgedOnTime.rate === null ? null : u.acknowledgedOnTime.rate * 100)),
          itemStyle: { color: '#0958d9' },
        },
        {
          name: t('stats.rectifyOnTime'),
          type: 'bar',
          data: units.map((u) => (u.rectifiedOnTime.rate === null ? null : u.rectifiedOnTime.rate * 100)),
          itemStyle: { color: '#237804' },
        },
      ],
    }),
    [units, t],
  );
  const weeklyOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, bottom: 32, top: 40 },
      xAxis: { type: 'category', data: (overview?.weekly ?? []).map((week) => week.weekStart.slice(0, 10)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: (['opened', 'closed', 'overdue'] as const).map((series, index) => ({
        name: t(`stats.${series}`),
        type: 'line',
        data: (overview?.weekly ?? []).map((week) => week[series]),
        itemStyle: { color: ['#0958d9', '#237804', '#a8071a'][index] },
      })),
    }),
    [overview, t],
  );
  const tally = (rows: Array<{ key: string; cases: number }>, group: string, title: string, testId: string) => (
    <Col xs={24} md={8}>
      <Card size="small" title={cardTitle(title)} data-testid={testId}>
        <DataTable<{ key: string; cases: number }>
          label={title}
          rowKey="key"
          size="small"
          dataSource={rows}
          locale={{ emptyText: <Typography.Text type="secondary">{t('app.none')}</Typography.Text> }}
          columns={[
            { title, dataIndex: 'key', render: (value: string) => label(group, value) },
            { title: t('stats.cases'), dataIndex: 'cases', align: 'right' },
          ]}
        />
      </Card>
    </Col>
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="stats">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('stats.title')}
      </Typography.Title>
      <Form
        name="stats-period"
        layout="inline"
        onValuesChange={(_, values: { from?: string; to?: string }) =>
          setPeriod({ from: values.from || undefined, to: values.to || undefined })
        }
      >
        <Form.Item name="from" label={t('ledger.from')}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="to" label={t('ledger.to')}>
          <Input type="date" />
        </Form.Item>
      </Form>
      <ErrorAlert error={loaded.error} />
      {overview && (
        <Typography.Text type="secondary" data-testid="stats-period">
          {t('stats.period', { from: formatTime(overview.from, language), to: formatTime(overview.to, language) })}
        </Typography.Text>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card size="small" title={cardTitle(t('stats.units'))}>
            <DataTable<UnitStats>
              label={t('stats.units')}
              rowKey="unitId"
              size="small"
              loading={loaded.loading}
              scroll={{ x: 'max-content' }}
              dataSource={units}
              locale={{ emptyText: <Typography.Text type="secondary">{t('app.none')}</Typography.Text> }}
              columns={[
                { title: t('case.unit'), render: (_, u) => u.unitName ?? u.unitId },
                { title: t('stats.tasks'), dataIndex: 'tasks', align: 'right' },
                { title: t('stats.declined'), dataIndex: 'declined', align: 'right' },
                {
                  title: t('stats.ackOnTime'),
                  render: (_, u) =>
                    `${percent(u.acknowledgedOnTime.rate)} (${u.acknowledgedOnTime.count}/${u.acknowledgedOnTime.of})`,
                },
                {
                  title: t('stats.rectifyOnTime'),
                  render: (_, u) =>
                    `${percent(u.rectifiedOnTime.rate)} (${u.rectifiedOnTime.count}/${u.rectifiedOnTime.of})`,
                },
                { title: t('stats.medianAck'), render: (_, u) => seconds(u.medianSecondsToAcknowledge) },
                { title: t('stats.medianRectify'), render: (_, u) => seconds(u.medianSecondsToRectify) },
                {
                  title: t('stats.extensions'),
                  render: (_, u) => `${u.extensions.granted}/${u.extensions.asked}`,
                },
                { title: t('stats.breaches'), render: (_, u) => u.breaches.total, align: 'right' },
                { title: t('stats.escalations'), render: (_, u) => rungs(u.escalations, level) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={cardTitle(t('stats.ratesChart'))}>
            <EChart option={ratesOption} label={t('stats.ratesChart')} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card size="small" loading={loaded.loading}>
            <div data-testid="stats-cases">
              <Statistic title={t('stats.cases')} value={overview?.cases ?? 0} />
            </div>
          </Card>
        </Col>
        <Col xs={24} md={16}>
          <Card size="small" title={cardTitle(t('stats.topSchools'))}>
            <DataTable<OverviewAnswer['topSchools'][number]>
              label={t('stats.topSchools')}
              rowKey={(row) => row.schoolId ?? 'none'}
              size="small"
              dataSource={overview?.topSchools ?? []}
              locale={{ emptyText: <Typography.Text type="secondary">{t('app.none')}</Typography.Text> }}
              columns={[
                { title: t('cases.school'), render: (_, row) => row.schoolName ?? t('stats.noSchool') },
                { title: t('stats.cases'), dataIndex: 'cases', align: 'right' },
              ]}
            />
          </Card>
        </Col>
        {tally(
          (overview?.byCategory ?? []).map((row) => ({ key: row.category, cases: row.cases })),
          'category',
          t('report.category'),
          'stats-by-category',
        )}
        {tally(
          (overview?.byStatus ?? []).map((row) => ({ key: row.status, cases: row.cases })),
          'status',
          t('ledger.caseStatus'),
          'stats-by-status',
        )}
        {tally(
          (overview?.bySource ?? []).map((row) => ({ key: row.source, cases: row.cases })),
          'source',
          t('cases.source'),
          'stats-by-source',
        )}
        <Col xs={24}>
          <Card size="small" title={cardTitle(t('stats.weekly'))}>
            <EChart option={weeklyOption} label={t('stats.weekly')} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
