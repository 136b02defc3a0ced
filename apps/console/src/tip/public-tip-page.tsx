import { Alert, Button, Card, Descriptions, Form, Input, List, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { post } from '../api.js';
import { useI18n } from '../i18n.js';
import { LanguageSwitch } from '../shell/language-switch.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatTime } from '../shared/time.js';
import { CATEGORIES } from '../vocabulary.js';

interface Credentials {
  trackingCode: string;
  secret: string;
}
interface FollowUp {
  status: string;
  statusText: { zh: string; en: string };
  messages: Array<{ from: 'you' | 'staff'; text: string; at: string }>;
}

/** Leaves out what the tipster left empty (the API refuses empty strings). */
const filled = (values: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value.trim() !== ''));

/**
 * The 110 mailbox, open to anyone: no sign-in, nothing from other sites, no cookies, nothing kept in
 * the browser. The code and secret are shown once, then only the tipster has them.
 */
export function PublicTipPage() {
  const { t } = useI18n();
  return (
    <main className="cw-centre">
      <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 720 }}>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
            {t('tip.title')}
          </Typography.Title>
          <LanguageSwitch />
        </Space>
        <Typography.Paragraph>{t('tip.intro')}</Typography.Paragraph>
        <SendTip />
        <FollowUpTip />
      </Space>
    </main>
  );
}

function SendTip() {
  const { t, label } = useI18n();
  const [form] = Form.useForm();
  const [sent, setSent] = useState<Credentials | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const send = async (values: Record<string, string | undefined>) => {
    setBusy(true);
    setError(undefined);
    try {
      setSent(await post<Credentials>('/api/tips', filled(values)));
      form.resetFields();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (sent) {
    return (
      <Card title={t('tip.sent')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon role="alert" title={t('tip.keepWarning')} />
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('tip.code')}>
              <Typography.Text code copyable={{ tooltips: [t('tip.copy'), t('tip.copied')] }} data-testid="tip-code">
                {sent.trackingCode}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('tip.secret')}>
              <Typography.Text code copyable={{ tooltips: [t('tip.copy'), t('tip.copied')] }} data-testid="tip-secret">
                {sent.secret}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Button onClick={() => setSent(null)}>{t('tip.another')}</Button>
        </Space>
      </Card>
    );
  }
  return (
    <Card title={t('tip.send')}>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" onFinish={(values: Record<string, string>) => void send(values)}>
        <Form.Item name="what" label={t('tip.what')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={4} maxLength={10_000} />
        </Form.Item>
        <Form.Item name="schoolName" label={t('tip.schoolName')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="category" label={t('tip.category')}>
          <Select allowClear options={CATEGORIES.map((value) => ({ value, label: label('category', value) }))} />
        </Form.Item>
        <Form.Item name="when" label={t('tip.when')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="where" label={t('tip.where')}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="who" label={t('tip.who')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="contact" label={t('tip.contact')}>
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('tip.send')}
        </Button>
      </Form>
    </Card>
  );
}

function FollowUpTip() {
  const { t, language } = useI18n();
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const [answer, setAnswer] = useState<FollowUp | null>(null);
  const [error, setError] = useState<unknown>();
  const [messageForm] = Form.useForm();

  const check = async (values: Credentials) => {
    setError(undefined);
    try {
      setAnswer(await post<FollowUp>('/api/tips/follow-up', values));
      setCredentials(values);
    } catch (failure) {
      setAnswer(null);
      setError(failure);
    }
  };
  const addMessage = async (values: { text: string }) => {
    if (!credentials) return;
    setError(undefined);
    try {
      await post('/api/tips/follow-up/messages', { ...credentials, text: values.text });
      messageForm.resetFields();
      await check(credentials);
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <Card title={t('tip.followUp')}>
      <Typography.Paragraph>{t('tip.followUpIntro')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form layout="vertical" onFinish={(values: Credentials) => void check(values)}>
        <Form.Item name="trackingCode" label={t('tip.code')} rules={[{ required: true, whitespace: true }]}>
          <Input autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item name="secret" label={t('tip.secret')} rules={[{ required: true, whitespace: true }]}>
          <Input.Password autoComplete="off" />
        </Form.Item>
        <Button htmlType="submit">{t('tip.check')}</Button>
      </Form>
      {answer && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('tip.status')}>
              <span data-testid="tip-status">{answer.statusText[language]}</span>
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            {t('tip.messages')}
          </Typography.Title>
          <List
            size="small"
            dataSource={answer.messages}
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
          <Form form={messageForm} layout="vertical" onFinish={(values: { text: string }) => void addMessage(values)}>
            <Form.Item name="text" label={t('tip.messageText')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={3} maxLength={5000} />
            </Form.Item>
            <Button htmlType="submit">{t('tip.sendMessage')}</Button>
          </Form>
        </Space>
      )}
    </Card>
  );
}
