import { Button, Form, Input, Space, Spin, Typography } from 'antd';
import { get, put } from '../api.js';
import { useI18n } from '../i18n.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { useLoad } from '../shared/use-load.js';
import { useSave } from '../shared/use-save.js';

/** One term a line; blank lines and spaces around a term do not count. */
const linesOf = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/**
 * The words and phrases that make a report or a tip life-safety: urgent, and the task force alerted
 * at once. Edited as one term a line and saved as a whole.
 */
export function LifeSafetyTermsPage() {
  const { t } = useI18n();
  const loaded = useLoad(() => get<{ terms: string[] }>('/api/life-safety-terms'), []);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('terms.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('terms.hint')}
      </Typography.Paragraph>
      <ErrorAlert error={loaded.error} />
      {loaded.data ? <TermsForm terms={loaded.data.terms} /> : loaded.loading && <Spin />}
    </Space>
  );
}

function TermsForm({ terms }: { terms: string[] }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ terms: string }>();
  const count = linesOf(Form.useWatch('terms', form) ?? terms.join('\n')).length;
  const save = useSave(form, ({ terms: text }: { terms: string }) =>
    put('/api/life-safety-terms', { terms: linesOf(text) }),
  );
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ terms: terms.join('\n') }}
      onFinish={(values) => void save.run(values)}
      style={{ maxWidth: 640 }}
    >
      <Form.Item name="terms" label={t('terms.label')} extra={t('terms.count', { count })}>
        <Input.TextArea rows={14} spellCheck={false} />
      </Form.Item>
      <ErrorAlert error={save.error} />
      <Button type="primary" htmlType="submit" loading={save.busy} style={{ marginTop: 12 }}>
        {t('app.save')}
      </Button>
    </Form>
  );
}
