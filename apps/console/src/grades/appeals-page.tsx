import { Alert, Button, Form, Input, Radio, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { post, query } from '../api.js';
import { useI18n } from '../i18n.js';
import { CommandForm } from '../shared/command-form.js';
import { DataTable } from '../shared/data-table.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatTime } from '../shared/time.js';
import { usePaged } from '../shared/use-paged.js';
import { TIERS } from '../desk/desk-vocabulary.js';
import { AppealResult, TierTag } from './grade-parts.js';
import type { Appeal } from './grade-types.js';
import { recentQuarters } from './quarters.js';

type Status = 'pending' | 'decided' | '';
interface Decision {
  decision: 'uphold' | 'amend';
  tier?: string;
  reason: string;
}

/**
 * The administrator's appeals desk: schools' appeals of published grades as `GET /api/appeals` lists
 * them (awaiting a decision first, oldest first), filtered by status and quarter, each with its
 * school, the grade appealed and the school's reason; one chosen is upheld or amended to a tier,
 * with a reason, and the list is read again.
 */
export function AppealsPage() {
  const { t, label, language } = useI18n();
  const quarters = useMemo(() => recentQuarters(new Date(), 8), []);
  const [status, setStatus] = useState<Status>('pending');
  const [quarter, setQuarter] = useState('');
  const [chosen, setChosen] = useState<Appeal>();
  const appeals = usePaged<Appeal>(`/api/appeals${query({ status, quarter, limit: 50 })}`);
  const done = () => {
    setChosen(undefined);
    appeals.reload();
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('appeals.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('appeals.hint')}
      </Typography.Paragraph>
      <Form name="appeals-filters" layout="inline">
        <Form.Item label={t('appeals.status')} htmlFor="appeals-status" style={{ marginBottom: 8 }}>
          <Select
            id="appeals-status"
            style={{ minWidth: 160 }}
            value={status}
            onChange={(value: Status) => setStatus(value)}
            options={(['pending', 'decided', ''] as const).map((value) => ({
              value,
              label: t(value ? `appeals.status.${value}` : 'appeals.status.all'),
            }))}
          />
        </Form.Item>
        <Form.Item label={t('grades.quarter')} htmlFor="appeals-quarter" style={{ marginBottom: 8 }}>
          <Select
            id="appeals-quarter"
            style={{ minWidth: 160 }}
            value={quarter}
            onChange={(value: string) => setQuarter(value)}
            options={[
              { value: '', label: t('appeals.quarterAll') },
              ...quarters.map((value) => ({ value, label: value })),
            ]}
          />
        </Form.Item>
      </Form>
      <ErrorAlert error={appeals.error} />
      {chosen && (
        <CommandForm<Decision>
          key={chosen.id}
          title={t('appeals.decideTitle', { school: chosen.schoolName, quarter: chosen.quarter })}
          submit={t('appeals.submit')}
          initialValues={{ decision: 'uphold' }}
          run={({ decision, tier, reason }) =>
            post(`/api/appeals/${chosen.id}/decision`, { decision, reason, ...(decision === 'amend' ? { tier } : {}) })
          }
          onDone={done}
          testId="decide-appeal"
        >
          <Alert
            type="info"
            style={{ marginBottom: 12 }}
            title={
              <Space wrap>
                {t('appeals.appealed')} <TierTag tier={chosen.tier} /> {chosen.score}
              </Space>
            }
            description={chosen.reason}
          />
          <Form.Item name="decision" label={t('appeals.decision')} rules={[{ required: true }]}>
            <Radio.Group
              options={(['uphold', 'amend'] as const).map((value) => ({
                value,
                label: t(`appeals.decision.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item noStyle shouldUpdate>
            {({ getFieldValue }) =>
              getFieldValue('decision') === 'amend' && (
                <Form.Item name="tier" label={t('appeals.tier')} rules={[{ required: true }]}>
                  <Select
                    style={{ maxWidth: 240 }}
                    options={TIERS.filter((tier) => tier !== chosen.tier).map((tier) => ({
                      value: tier,
                      label: label('grades.tier', tier),
                    }))}
                  />
                </Form.Item>
              )
            }
          </Form.Item>
          <Form.Item name="reason" label={t('appeals.decisionReason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </CommandForm>
      )}
      <DataTable<Appeal>
        label={t('appeals.list')}
        rowKey="id"
        size="small"
        scroll={{ x: 'max-content' }}
        loading={appeals.loading}
        dataSource={appeals.items}
        locale={{ emptyText: <Typography.Text type="secondary">{t('appeals.none')}</Typography.Text> }}
        columns={[
          { title: t('appeals.school'), render: (_, appeal) => `${appeal.schoolName} (${appeal.schoolCode})` },
          { title: t('grades.quarter'), dataIndex: 'quarter' },
          {
            title: t('appeals.appealed'),
            render: (_, appeal) => (
              <Space>
                <TierTag tier={appeal.tier} /> {appeal.score}
              </Space>
            ),
          },
          {
            title: t('appeals.reason'),
            render: (_, appeal) => <span style={{ whiteSpace: 'pre-wrap' }}>{appeal.reason}</span>,
          },
          { title: t('appeals.filedAt'), render: (_, appeal) => formatTime(appeal.filedAt, language) },
          { title: t('appeals.result'), render: (_, appeal) => <AppealResult appeal={appeal} /> },
          {
            title: t('appeals.decide'),
            render: (_, appeal) =>
              appeal.decision === null ? (
                <Button
                  size="small"
                  type={chosen?.id === appeal.id ? 'primary' : 'default'}
                  onClick={() => setChosen(appeal)}
                >
                  {t('appeals.decide')}
                </Button>
              ) : (
                '—'
              ),
          },
        ]}
      />
      {appeals.next && <Button onClick={() => void appeals.more()}>{t('app.more')}</Button>}
    </Space>
  );
}
