import { DeleteOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Spin, Typography } from 'antd';
import { get, put } from '../api.js';
import { useI18n } from '../i18n.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatTime } from '../shared/time.js';
import { useLoad } from '../shared/use-load.js';
import { useSave } from '../shared/use-save.js';

interface Rung {
  level: number;
  notify: string;
  after: string;
}
interface Policy {
  reminderFractions: number[];
  ladder: Rung[];
  updatedAt: string;
}
/** As the form holds it: reminders in per cent of the window, rungs numbered by their place. */
interface PolicyForm {
  reminderFractions: number[];
  ladder: Array<Omit<Rung, 'level'>>;
}

const TARGETS = ['unit-head', 'taskforce', 'supervisor'] as const;

/** Reminders before a deadline (at shares of its window) and who is told, and when, once it is missed. */
export function EscalationPage() {
  const { t, language } = useI18n();
  const loaded = useLoad(() => get<Policy>('/api/escalation-policy'), []);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('escalation.title')}
      </Typography.Title>
      <ErrorAlert error={loaded.error} />
      {loaded.data && (
        <Typography.Text type="secondary">
          {t('escalation.updatedAt', { at: formatTime(loaded.data.updatedAt, language) })}
        </Typography.Text>
      )}
      {loaded.data ? <PolicyEditor policy={loaded.data} /> : loaded.loading && <Spin />}
    </Space>
  );
}

function PolicyEditor({ policy }: { policy: Policy }) {
  const { t } = useI18n();
  const [form] = Form.useForm<PolicyForm>();
  const save = useSave(form, (values: PolicyForm) =>
    put('/api/escalation-policy', {
      reminderFractions: (values.reminderFractions ?? []).map((percent) => percent / 100),
      ladder: (values.ladder ?? []).map((rung, index) => ({
        level: index + 1,
        notify: rung.notify,
        after: rung.after,
      })),
    }),
  );
  const initial: PolicyForm = {
    // 0.5 → 50, without 0.57 becoming 56.99999.
    reminderFractions: policy.reminderFractions.map((fraction) => Math.round(fraction * 10_000) / 100),
    ladder: policy.ladder.map(({ notify, after }) => ({ notify, after })),
  };
  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={(values) => void save.run(values)}>
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('escalation.reminders')}</h3>}>
          <Typography.Paragraph type="secondary">{t('escalation.remindersHint')}</Typography.Paragraph>
          <Form.List name="reminderFractions">
            {(fields, { add, remove }) => (
              <Space wrap align="end">
                {fields.map((field, index) => (
                  <Space key={field.key} align="end">
                    <Form.Item
                      name={field.name}
                      label={t('escalation.reminder', { n: index + 1 })}
                      rules={[{ required: true }]}
                      style={{ marginBottom: 0 }}
                    >
                      <InputNumber min={1} max={99} suffix="%" style={{ width: 110 }} />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('escalation.removeReminder', { n: index + 1 })}
                    />
                  </Space>
                ))}
                {fields.length < 5 && <Button onClick={() => add()}>{t('escalation.addReminder')}</Button>}
              </Space>
            )}
          </Form.List>
        </Card>
        <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('escalation.ladder')}</h3>}>
          <Typography.Paragraph type="secondary">{t('escalation.ladderHint')}</Typography.Paragraph>
          <Form.List name="ladder">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((field, index) => (
                  <Row key={field.key} gutter={12} align="bottom" data-testid={`rung-${index}`}>
                    <Col xs={24} sm={10}>
                      <Form.Item
                        name={[field.name, 'notify']}
                        label={t('escalation.level', { n: index + 1 })}
                        rules={[{ required: true }]}
                      >
                        <Select options={TARGETS.map((value) => ({ value, label: t(`escalation.target.${value}`) }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={16} sm={10}>
                      <Form.Item
                        name={[field.name, 'after']}
                        label={t('escalation.after')}
                        rules={[{ required: true, whitespace: true }]}
                      >
                        <Input placeholder="PT4H" />
                      </Form.Item>
                    </Col>
                    <Col xs={8} sm={4}>
                      <Form.Item>
                        <Button danger onClick={() => remove(field.name)}>
                          {t('routing.remove')}
                        </Button>
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                {fields.length < 10 && (
                  <Button onClick={() => add({ notify: 'unit-head', after: 'PT0S' })}>
                    {t('escalation.addLevel')}
                  </Button>
                )}
              </Space>
            )}
          </Form.List>
        </Card>
        <ErrorAlert error={save.error} />
        <Button type="primary" htmlType="submit" loading={save.busy}>
          {t('app.save')}
        </Button>
      </Space>
    </Form>
  );
}
