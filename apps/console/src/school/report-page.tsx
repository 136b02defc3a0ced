import { Alert, Card, Col, Descriptions, Form, Input, List, Row, Space, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { ApiError, get, post } from '../api.js';
import { CaseTimeline } from '../cases/case-timeline.js';
import type { CaseView } from '../cases/case-types.js';
import { useI18n } from '../i18n.js';
import { CommandForm } from '../shared/command-form.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { StatusTag } from '../shared/status-tag.js';
import { formatTime } from '../shared/time.js';
import { useLoad } from '../shared/use-load.js';

interface Report {
  id: string;
  reference: string;
  category: string;
  severity: string;
  title: string;
  description: string;
  location: string;
  submittedAt: string;
  status: string;
  messages: Array<{ id: string; from: string; text: string; at: string }>;
}

/** A school follows its report: the case's steps with their reasons, the thread, and its answer to a verified case. */
export function ReportPage() {
  const { id } = useParams();
  const { t, label, language } = useI18n();
  const loaded = useLoad(async () => {
    const report = await get<Report>(`/api/whistle-reports/${id}`);
    // The case opens a moment after the report (dispatch learns it from an event): none yet is no error.
    const kase = await get<CaseView>(`/api/cases/${id}`).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    });
    return { report, kase };
  }, [id]);
  if (!loaded.data) return loaded.error ? <ErrorAlert error={loaded.error} /> : <Card loading />;
  const { report, kase } = loaded.data;
  const status = kase?.status ?? report.status;
  const screening = kase?.timeline.find((entry) => entry.command === 'screen');

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {report.reference} <StatusTag status={status} />
      </Typography.Title>
      <ErrorAlert error={loaded.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{report.title}</h3>}>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('report.category')}>{label('category', report.category)}</Descriptions.Item>
                <Descriptions.Item label={t('report.severity')}>{label('severity', report.severity)}</Descriptions.Item>
                <Descriptions.Item label={t('report.location')}>{report.location}</Descriptions.Item>
                <Descriptions.Item label={t('report.submittedAt')}>
                  {formatTime(report.submittedAt, language)}
                </Descriptions.Item>
                <Descriptions.Item label={t('report.description')}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{report.description}</span>
                </Descriptions.Item>
                {screening && (
                  <Descriptions.Item label={t('report.screening')}>
                    {label('status', screening.to)}
                    {screening.reason ? `：${screening.reason}` : ''}
                  </Descriptions.Item>
                )}
              </Descriptions>
            </Card>
            {kase?.status === 'VERIFIED' && (
              <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('report.confirm')}</h3>}>
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Alert
                    type="info"
                    showIcon
                    title={t('report.verifiedAsk', { date: formatTime(kase.autoCloseAt, language) })}
                  />
                  <CommandForm
                    title={t('report.confirm')}
                    submit={t('report.confirm')}
                    run={() => post(`/api/cases/${id}/confirm`)}
                    onDone={loaded.reload}
                    testId="confirm"
                  />
                  <CommandForm
                    title={t('report.dispute')}
                    submit={t('report.dispute')}
                    danger
                    run={(values) => post(`/api/cases/${id}/dispute`, values)}
                    onDone={loaded.reload}
                  >
                    <Form.Item
                      name="reason"
                      label={t('report.disputeReason')}
                      rules={[{ required: true, whitespace: true }]}
                    >
                      <Input.TextArea rows={2} />
                    </Form.Item>
                  </CommandForm>
                </Space>
              </Card>
            )}
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('report.messages')}</h3>}>
              <List
                size="small"
                dataSource={report.messages}
                locale={{ emptyText: <Typography.Text type="secondary">{t('app.none')}</Typography.Text> }}
                renderItem={(message) => (
                  <List.Item>
                    <List.Item.Meta
                      title={`${message.from === 'you' ? t('tip.you') : t('tip.staff')} · ${formatTime(message.at, language)}`}
                      description={<span style={{ whiteSpace: 'pre-wrap' }}>{message.text}</span>}
                    />
                  </List.Item>
                )}
              />
              <CommandForm
                title={t('report.message')}
                submit={t('report.send')}
                run={(values) => post(`/api/whistle-reports/${id}/messages`, values)}
                onDone={loaded.reload}
              >
                <Form.Item name="text" label={t('report.message')} rules={[{ required: true, whitespace: true }]}>
                  <Input.TextArea rows={2} maxLength={5000} />
                </Form.Item>
              </CommandForm>
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('report.timeline')}</h3>}>
            {kase ? <CaseTimeline entries={kase.timeline} /> : <Typography.Text>{t('app.loading')}</Typography.Text>}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
