import { Card, Col, Descriptions, Form, Input, List, Row, Select, Space, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { get, post } from '../api.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../shell/session.js';
import { CommandForm } from '../shared/command-form.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatTime } from '../shared/time.js';
import { useLoad } from '../shared/use-load.js';
import { CATEGORIES, SEVERITIES, TRIAGE_DECISIONS } from '../vocabulary.js';

interface Tip {
  id: string;
  reference: string;
  status: string;
  category: string | null;
  submittedAt: string;
  schoolName: string | null;
  what: string;
  when: string | null;
  where: string | null;
  who: string | null;
  contact: string | null;
  triage: { reason: string; at: string } | null;
  messages: Array<{ id: string; from: string; text: string; at: string }>;
}

/** One tip with its texts (the read is audited), the anonymous thread, and the triage decision. */
export function TipPage() {
  const { id } = useParams();
  const { t, label, language } = useI18n();
  const { user } = useSession();
  const tip = useLoad(() => get<Tip>(`/api/tips/${id}`), [id]);
  if (!tip.data) return tip.error ? <ErrorAlert error={tip.error} /> : <Card loading />;
  const view = tip.data;
  const canAct = user?.role === 'taskforce_dispatcher';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('tip.view', { reference: view.reference })} · {label('tipStatus', view.status)}
      </Typography.Title>
      {view.status === 'escalated' && <Link to={`/cases/${view.id}`}>{t('nav.cases')} →</Link>}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            <Card size="small">
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('tip.what')}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{view.what}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('tip.schoolName')}>{view.schoolName ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('tip.category')}>{label('category', view.category)}</Descriptions.Item>
                <Descriptions.Item label={t('tip.when')}>{view.when ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('tip.where')}>{view.where ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('tip.who')}>{view.who ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('tip.contact')}>{view.contact ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('tips.receivedAt')}>
                  {formatTime(view.submittedAt, language)}
                </Descriptions.Item>
                {view.triage && (
                  <Descriptions.Item label={t('tips.triage')}>
                    {view.triage.reason} · {formatTime(view.triage.at, language)}
                  </Descriptions.Item>
                )}
              </Descriptions>
            </Card>
            {canAct && view.status === 'received' && (
              <CommandForm
                title={t('tips.triage')}
                submit={t('tips.triage')}
                initialValues={{ decision: 'open-case', category: view.category ?? 'bullying', severity: 'high' }}
                run={(values) => post(`/api/tips/${id}/triage`, values)}
                onDone={tip.reload}
                testId="triage"
              >
                <Form.Item name="decision" label={t('tips.decision')} rules={[{ required: true }]}>
                  <Select options={TRIAGE_DECISIONS.map((value) => ({ value, label: label('triage', value) }))} />
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {({ getFieldValue }) =>
                    getFieldValue('decision') === 'open-case' ? (
                      <>
                        <Form.Item name="category" label={t('report.category')}>
                          <Select options={CATEGORIES.map((value) => ({ value, label: label('category', value) }))} />
                        </Form.Item>
                        <Form.Item name="severity" label={t('report.severity')}>
                          <Select options={SEVERITIES.map((value) => ({ value, label: label('severity', value) }))} />
                        </Form.Item>
                      </>
                    ) : getFieldValue('decision') === 'duplicate' ? (
                      <Form.Item name="duplicateOf" label={t('tips.duplicateOf')} rules={[{ required: true }]}>
                        <Input />
                      </Form.Item>
                    ) : null
                  }
                </Form.Item>
                <Form.Item name="reason" label={t('case.reason')} rules={[{ required: true, whitespace: true }]}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              </CommandForm>
            )}
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('tip.messages')}</h3>}>
            <List
              size="small"
              dataSource={view.messages}
              locale={{ emptyText: <Typography.Text type="secondary">{t('app.none')}</Typography.Text> }}
              renderItem={(message) => (
                <List.Item>
                  <List.Item.Meta
                    title={`${message.from === 'tipster' ? t('tip.title') : t('tip.staff')} · ${formatTime(message.at, language)}`}
                    description={<span style={{ whiteSpace: 'pre-wrap' }}>{message.text}</span>}
                  />
                </List.Item>
              )}
            />
            {canAct && (
              <CommandForm
                title={t('tips.reply')}
                submit={t('tip.sendMessage')}
                run={(values) => post(`/api/tips/${id}/messages`, values)}
                onDone={tip.reload}
              >
                <Form.Item name="text" label={t('tips.replyText')} rules={[{ required: true, whitespace: true }]}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              </CommandForm>
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
