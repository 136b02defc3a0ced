import type { ReviewView } from '#libs/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Row,
  Select,
  Space,
  Statistic,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, get, post } from '../api.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../shell/session.js';
import { DataTable } from '../shared/data-table.js';
import { DownloadButton } from '../shared/download-button.js';
import { EChart } from '../shared/echart.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { StatusTag } from '../shared/status-tag.js';
import { formatTime } from '../shared/time.js';
import { useLoad } from '../shared/use-load.js';
import { lastDayOf, recentFortnights } from './fortnights.js';

/** The biweekly risk review as the API answers it: the route's own view. */
type Review = ReviewView;
type ReviewCaseLine = Review['lifeSafety'][number];

const cardTitle = (text: string) => <h3 style={{ margin: 0, fontSize: 15 }}>{text}</h3>;
/** A year of fortnights to choose from. */
const OFFERED = 26;

/** A further column of a case list (an open item's reasons). */
interface ExtraColumn {
  title: string;
  render: (value: unknown, line: ReviewCaseLine) => ReactNode;
}

/** Cases of the review by reference (linked to the case), category, severity, status and school. */
function CaseLines({ title, lines, extra }: { title: string; lines: ReviewCaseLine[]; extra?: ExtraColumn }) {
  const { t, label, language } = useI18n();
  return (
    <Card size="small" title={cardTitle(`${title} (${lines.length})`)}>
      <DataTable<ReviewCaseLine>
        label={title}
        rowKey="caseId"
        size="small"
        dataSource={lines}
        locale={{ emptyText: <Typography.Text type="secondary">{t('app.none')}</Typography.Text> }}
        columns={[
          {
            title: t('report.reference'),
            dataIndex: 'reference',
            render: (reference: string, line) => <Link to={`/cases/${line.caseId}`}>{reference}</Link>,
          },
          { title: t('report.category'), dataIndex: 'category', render: (v: string) => label('category', v) },
          { title: t('report.severity'), dataIndex: 'severity', render: (v: string) => label('severity', v) },
          { title: t('report.status'), dataIndex: 'status', render: (v: string) => <StatusTag status={v} /> },
          { title: t('cases.school'), render: (_, line) => line.schoolName ?? line.schoolCode ?? '—' },
          { title: t('cases.reportedAt'), dataIndex: 'reportedAt', render: (v: string) => formatTime(v, language) },
          ...(extra ? [extra] : []),
        ]}
      />
    </Card>
  );
}

/**
 * The biweekly risk review (每两周研判): a fortnight of the grid chosen, its stored review shown as
 * made (new and closed cases, categories against the fortnight before, overdue tasks by unit,
 * schools with repeated cases, life-safety cases, open items), its PDF and DOCX downloaded; the task
 * force makes a fortnight's review when it has none.
 */
export function ReviewPage() {
  const { t, label, language } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const offered = useMemo(() => recentFortnights(new Date(), OFFERED), []);
  const [start, setStart] = useState(offered[0]);
  const [made, setMade] = useState<Review | null>(null);
  const [making, setMaking] = useState(false);
  const [makeError, setMakeError] = useState<unknown>();
  const loaded = useLoad(async () => {
    try {
      return await get<Review>(`/api/reviews/biweekly/${start}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }, [start]);
  const review = made?.periodStart === start ? made : loaded.data;
  const options = [...new Set([start, ...offered])].map((value) => ({
    value,
    label: t('review.fortnight', { from: value, to: lastDayOf(value) }),
  }));

  const make = async () => {
    setMaking(true);
    setMakeError(undefined);
    try {
      const answer = await post<Review & { created: boolean }>('/api/reviews/biweekly', { periodStart: start });
      setMade(answer);
      setStart(answer.periodStart);
      void message.success(answer.created ? t('review.made') : t('review.already'));
    } catch (error) {
      setMakeError(error);
    } finally {
      setMaking(false);
    }
  };

  const chart = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, bottom: 56, top: 16 },
      xAxis: { type: 'category', data: (review?.byCategory ?? []).map((row) => label('category', row.category)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('review.previous'),
          type: 'bar',
          data: (review?.byCategory ?? []).map((row) => row.previous),
          itemStyle: { color: '#8c8c8c' },
        },
        {
          name: t('review.current'),
          type: 'bar',
          data: (review?.byCategory ?? []).map((row) => row.current),
          itemStyle: { color: '#0958d9' },
        },
      ],
    }),
    [review, t, label],
  );
  const overdueTasks = review?.overdueByUnit.reduce((sum, unit) => sum + unit.total, 0) ?? 0;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('review.title')}
      </Typography.Title>
      <Form name="review-period" layout="vertical">
        <Form.Item label={t('review.period')} htmlFor="review-period-start" style={{ marginBottom: 8 }}>
          <Select
            id="review-period-start"
            style={{ maxWidth: 320 }}
            value={start}
            onChange={(value: string) => setStart(value)}
            options={options}
          />
        </Form.Item>
      </Form>
      <Space wrap>
        {user?.role === 'taskforce_dispatcher' && (
          <Button type="primary" loading={making} onClick={() => void make()} data-testid="make-review">
            {t('review.make')}
          </Button>
        )}
        {review && (
          <>
            <DownloadButton
              path={`/api/reviews/biweekly/${review.periodStart}.pdf`}
              fileName="review.pdf"
              testId="review-pdf"
            >
              {t('review.pdf')}
            </DownloadButton>
            <DownloadButton
              path={`/api/reviews/biweekly/${review.periodStart}.docx`}
              fileName="review.docx"
              testId="review-docx"
            >
              {t('review.docx')}
            </DownloadButton>
          </>
        )}
      </Space>
      <ErrorAlert error={makeError ?? loaded.error} />
      {!review && !loaded.loading && !loaded.error && (
        <Alert type="info" showIcon title={t('review.none')} data-testid="review-none" />
      )}
      {review && (
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 3 }} data-testid="review-head">
            <Descriptions.Item label={t('review.period')}>
              {t('review.fortnight', { from: review.periodStart, to: lastDayOf(review.periodStart) })}
            </Descriptions.Item>
            <Descriptions.Item label={t('review.madeAt')}>{formatTime(review.madeAt, language)}</Descriptions.Item>
            <Descriptions.Item label={t('review.madeBy')}>
              {review.madeBy === 'schedule' ? t('review.bySchedule') : t('review.byHand')}
            </Descriptions.Item>
          </Descriptions>
          <Row gutter={[16, 16]}>
            {(
              [
                ['review.newCases', review.newCases.count, 'review-new'],
                ['review.closedCases', review.closedCases.count, 'review-closed'],
                ['review.overdueTasks', overdueTasks, 'review-overdue'],
                ['review.lifeSafety', review.lifeSafety.length, 'review-life-safety'],
                ['review.openItems', review.openItems.length, 'review-open'],
              ] as const
            ).map(([key, value, testId]) => (
              <Col xs={12} md={8} lg={4} key={key}>
                <Card size="small" data-testid={testId}>
                  <Statistic title={t(key)} value={value} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card size="small" title={cardTitle(t('review.byCategory'))}>
            <EChart option={chart} label={t('review.byCategory')} height={260} />
            <Space wrap>
              <Typography.Text>{t('review.rising')}</Typography.Text>
              {review.risingCategories.length === 0
                ? t('app.none')
                : review.risingCategories.map((row) => (
                    <Tag key={row.category} color="#ad2102" variant="solid">
                      {label('category', row.category)} {row.previous} → {row.current}
                    </Tag>
                  ))}
            </Space>
          </Card>
          <Card size="small" title={cardTitle(t('review.overdueByUnit'))}>
            <DataTable<Review['overdueByUnit'][number]>
              label={t('review.overdueByUnit')}
              rowKey="unitId"
              size="small"
              dataSource={review.overdueByUnit}
              locale={{ emptyText: <Typography.Text type="secondary">{t('app.none')}</Typography.Text> }}
              columns={[
                { title: t('case.unit'), dataIndex: 'unitName' },
                { title: t('tasks.ackDue'), dataIndex: 'acknowledge', align: 'right' },
                { title: t('tasks.rectifyDue'), dataIndex: 'rectify', align: 'right' },
                { title: t('review.total'), dataIndex: 'total', align: 'right' },
              ]}
            />
          </Card>
          <Card size="small" title={cardTitle(t('review.repeatedSchools'))}>
            <DataTable<Review['repeatedSchools'][number]>
              label={t('review.repeatedSchools')}
              rowKey="schoolId"
              size="small"
              dataSource={review.repeatedSchools}
              locale={{ emptyText: <Typography.Text type="secondary">{t('app.none')}</Typography.Text> }}
              columns={[
                { title: t('cases.school'), render: (_, row) => row.schoolName ?? row.schoolCode ?? '—' },
                { title: t('stats.cases'), dataIndex: 'cases', align: 'right' },
                { title: t('report.reference'), render: (_, row) => row.references.join('、') },
              ]}
            />
          </Card>
          <CaseLines
            title={t('review.openItems')}
            lines={review.openItems}
            extra={{
              title: t('review.reasons'),
              render: (_, line) =>
                (line as Review['openItems'][number]).reasons.map((reason) => (
                  <Tag key={reason}>{label('review.reason', reason)}</Tag>
                )),
            }}
          />
          <CaseLines title={t('review.lifeSafety')} lines={review.lifeSafety} />
          <CaseLines title={t('review.newCases')} lines={review.newCases.items} />
          <CaseLines title={t('review.closedCases')} lines={review.closedCases.items} />
        </>
      )}
    </Space>
  );
}
