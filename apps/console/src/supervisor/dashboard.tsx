import { Card, Col, Row, Space, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { get, type Page } from '../api.js';
import { StatsPanel } from '../desk/stats-panel.js';
import { useI18n } from '../i18n.js';
import { EChart } from '../shared/echart.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { useLoad } from '../shared/use-load.js';
import type { CaseSummary } from '../taskforce/case-queue.js';
import { CASE_STATUSES, CATEGORIES, FINAL_STATUSES } from '../vocabulary.js';

/** At most this many of the newest cases are counted for the figures at the top (the statistics below count all). */
const SAMPLE_PAGES = 5;

async function latestCases(): Promise<{ cases: CaseSummary[]; overdue: number }> {
  const cases: CaseSummary[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < SAMPLE_PAGES; page++) {
    const answer: Page<CaseSummary> = await get<Page<CaseSummary>>(
      `/api/cases?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    cases.push(...answer.items);
    cursor = answer.nextCursor;
    if (!cursor) break;
  }
  const overdue = await get<Page<CaseSummary>>('/api/cases?overdue=true&limit=200');
  return { cases, overdue: overdue.items.length + (overdue.nextCursor ? 1 : 0) };
}

/**
 * The supervisor's overview: the newest cases by status and by category (from the case list), then
 * the ledger's statistics over a period (per unit and for the county, `StatsPanel`).
 */
export function Dashboard() {
  const { t, label } = useI18n();
  const loaded = useLoad(latestCases, []);
  const cases = loaded.data?.cases ?? [];
  const byStatus = useMemo(() => {
    const counts = new Map<string, number>();
    for (const kase of cases) counts.set(kase.status, (counts.get(kase.status) ?? 0) + 1);
    return CASE_STATUSES.filter((status) => counts.has(status)).map((status) => ({
      status,
      count: counts.get(status)!,
    }));
  }, [cases]);
  const byCategory = useMemo(
    () =>
      CATEGORIES.map((category) => ({
        category,
        count: cases.filter((kase) => kase.category === category).length,
      })).filter((entry) => entry.count > 0),
    [cases],
  );
  const statusOption = useMemo(
    () => ({
      tooltip: {},
      grid: { left: 40, right: 16, bottom: 60, top: 16 },
      xAxis: {
        type: 'category',
        data: byStatus.map((entry) => label('status', entry.status)),
        axisLabel: { rotate: 30 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', data: byStatus.map((entry) => entry.count), itemStyle: { color: '#0958d9' } }],
    }),
    [byStatus, label],
  );
  const categoryOption = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['35%', '65%'],
          data: byCategory.map((entry) => ({ name: label('category', entry.category), value: entry.count })),
        },
      ],
    }),
    [byCategory, label],
  );
  const open = cases.filter((kase) => !FINAL_STATUSES.includes(kase.status)).length;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('dashboard.title')}
      </Typography.Title>
      <ErrorAlert error={loaded.error} />
      <Row gutter={[16, 16]}>
        <Col xs={8}>
          <Card size="small" loading={loaded.loading}>
            <Statistic title={t('dashboard.total')} value={cases.length} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small" loading={loaded.loading}>
            <Statistic title={t('dashboard.open')} value={open} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card size="small" loading={loaded.loading}>
            <Statistic
              title={t('dashboard.overdue')}
              value={loaded.data?.overdue ?? 0}
              styles={{ content: { color: '#a8071a' } }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('dashboard.byStatus')}</h3>}>
            <EChart option={statusOption} label={t('dashboard.byStatus')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('dashboard.byCategory')}</h3>}>
            <EChart option={categoryOption} label={t('dashboard.byCategory')} />
          </Card>
        </Col>
      </Row>
      <Typography.Text type="secondary">{t('dashboard.sample', { count: cases.length })}</Typography.Text>
      <StatsPanel />
    </Space>
  );
}
