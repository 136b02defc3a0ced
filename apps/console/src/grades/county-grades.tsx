import { Alert, App, Button, Card, Descriptions, Form, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { ApiError, get, post, query } from '../api.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../shell/session.js';
import { DataTable } from '../shared/data-table.js';
import { useDirectory } from '../shared/directory.js';
import { DownloadButton } from '../shared/download-button.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatTime } from '../shared/time.js';
import { useLoad } from '../shared/use-load.js';
import { TIERS } from '../desk/desk-vocabulary.js';
import { TierTag, useGradeWords } from './grade-parts.js';
import type { Grading, SchoolGrade } from './grade-types.js';
import { recentQuarters } from './quarters.js';

/** A quarter's grading with every school (a county has a few dozen: all pages read), or null before any run. */
async function gradingOf(quarter: string): Promise<Grading | null> {
  let grading: Grading | null = null;
  let cursor: string | null = null;
  try {
    do {
      const page: Grading = await get<Grading>(`/api/gradings/${quarter}${query({ limit: 200, cursor })}`);
      grading = grading ? { ...page, schools: [...grading.schools, ...page.schools] } : page;
      cursor = page.nextCursor;
    } while (cursor);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
  return grading;
}

/**
 * The quarterly grades of the county's schools: a quarter's draft or published grading (tier per
 * school, its move from the quarter before and why), the bulletin of a published quarter; the
 * administrator runs a quarter's grading (again replaces the draft) and publishes it.
 */
export function CountyGrades() {
  const { t, label, language } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const { nameOf } = useDirectory();
  const words = useGradeWords();
  const quarters = useMemo(() => recentQuarters(new Date(), 8), []);
  const [quarter, setQuarter] = useState(quarters[0]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const grading = useLoad(() => gradingOf(quarter), [quarter]);
  const isAdmin = user?.role === 'administrator';
  const data = grading.data;
  const distribution = TIERS.map((tier) => ({
    tier,
    count: (data?.schools ?? []).filter((school) => (school.amendment?.tier ?? school.tier) === tier).length,
  }));

  const act = async (run: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      void message.success(t('app.done'));
      grading.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('grades.title')}
      </Typography.Title>
      <Form name="grades-quarter" layout="vertical">
        <Form.Item label={t('grades.quarter')} htmlFor="grades-quarter-select" style={{ marginBottom: 8 }}>
          <Select
            id="grades-quarter-select"
            style={{ maxWidth: 200 }}
            value={quarter}
            onChange={(value: string) => setQuarter(value)}
            options={quarters.map((value) => ({ value, label: value }))}
          />
        </Form.Item>
      </Form>
      <Space wrap>
        {isAdmin && data?.status !== 'published' && (
          <Button type="primary" loading={busy} onClick={() => void act(() => post('/api/gradings', { quarter }))}>
            {data ? t('grades.runAgain') : t('grades.run')}
          </Button>
        )}
        {isAdmin && data?.status === 'draft' && (
          <Popconfirm
            title={t('grades.publishConfirm', { quarter })}
            okText={t('grades.publish')}
            cancelText={t('app.cancel')}
            onConfirm={() => void act(() => post(`/api/gradings/${quarter}/publish`))}
          >
            <Button danger loading={busy}>
              {t('grades.publish')}
            </Button>
          </Popconfirm>
        )}
        {data?.status === 'published' && (
          <DownloadButton path={`/api/gradings/${quarter}/bulletin.pdf`} fileName="bulletin.pdf" testId="bulletin-pdf">
            {t('grades.bulletin')}
          </DownloadButton>
        )}
      </Space>
      <ErrorAlert error={error ?? grading.error} />
      {!data && !grading.loading && !grading.error && (
        <Alert type="info" showIcon title={t('grades.none', { quarter })} data-testid="grades-none" />
      )}
      {data && (
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} data-testid="grading-head">
            <Descriptions.Item label={t('report.status')}>
              <Tag color={data.status === 'published' ? '#237804' : '#595959'} variant="solid">
                {label('grades.status', data.status)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('grades.rubric')}>{data.rubricVersion}</Descriptions.Item>
            <Descriptions.Item label={t('grades.draftedAt')}>{formatTime(data.draftedAt, language)}</Descriptions.Item>
            <Descriptions.Item label={t('grades.publishedAt')}>
              {formatTime(data.publishedAt, language)}
            </Descriptions.Item>
          </Descriptions>
          <Space wrap data-testid="grades-distribution">
            {distribution.map(({ tier, count }) => (
              <span key={tier}>
                <TierTag tier={tier} /> {count}
              </span>
            ))}
          </Space>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('grades.schools')}</h3>}>
            <DataTable<SchoolGrade>
              label={t('grades.schools')}
              rowKey="schoolId"
              size="small"
              scroll={{ x: 'max-content' }}
              dataSource={data.schools}
              locale={{ emptyText: <Typography.Text type="secondary">{t('app.none')}</Typography.Text> }}
              columns={[
                { title: t('cases.school'), render: (_, grade) => nameOf(grade.schoolId) },
                { title: t('grades.score'), dataIndex: 'score', align: 'right' },
                { title: t('grades.tierTitle'), render: (_, grade) => <TierTag tier={grade.tier} /> },
                { title: t('grades.previousTier'), render: (_, grade) => <TierTag tier={grade.previousTier} /> },
                { title: t('grades.moveTitle'), render: (_, grade) => words.move(grade) },
                { title: t('grades.reasons'), render: (_, grade) => words.reasons(grade) },
                { title: t('grades.breakdown'), render: (_, grade) => words.breakdown(grade) },
                { title: t('grades.amendment'), render: (_, grade) => words.amendment(grade) },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
