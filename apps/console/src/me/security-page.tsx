import { Alert, Button, Card, Form, Input, QRCode, Space, Spin, Steps, Typography } from 'antd';
import { useState } from 'react';
import { get, post } from '../api.js';
import { useI18n } from '../i18n.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { useLoad } from '../shared/use-load.js';
import { useSave } from '../shared/use-save.js';

interface Enrolment {
  secret: string;
  otpauthUri: string;
}

const codeRule = (message: string) => ({ required: true, pattern: /^\d{6}$/, message });

/**
 * The caller's second factor (TOTP): set up with an authenticator app (a QR code of the otpauth URI to
 * scan, or the URI and the secret shown once, to copy or type in), turned on with a code from the app, turned off with a current code.
 */
export function SecurityPage() {
  const { t } = useI18n();
  const status = useLoad(() => get<{ enabled: boolean }>('/api/me/totp'), []);
  const [enrolment, setEnrolment] = useState<Enrolment>();
  // The recovery codes of the last confirmation or renewal: shown once, gone with the page.
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setEnrolment(await post<Enrolment>('/api/me/totp'));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const done = (result?: { recoveryCodes?: string[] }) => {
    // The secret is not kept once the factor is on (or off again).
    setEnrolment(undefined);
    setRecoveryCodes(result?.recoveryCodes);
    status.reload();
  };

  return (
    <Space orientation="vertical" style={{ width: '100%', maxWidth: 720 }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('security.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('security.intro')}
      </Typography.Paragraph>
      <ErrorAlert error={status.error} />
      {!status.data ? (
        status.loading && <Spin />
      ) : status.data.enabled ? (
        <>
          <Alert type="success" showIcon title={t('security.on')} data-testid="totp-on" />
          {recoveryCodes && (
            <Alert
              type="warning"
              showIcon
              data-testid="recovery-codes"
              title={t('security.recoveryTitle')}
              description={
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Typography.Text>{t('security.recoveryOnce')}</Typography.Text>
                  <Typography.Paragraph code copyable={{ text: recoveryCodes.join('\n') }} style={{ margin: 0 }}>
                    {recoveryCodes.map((code) => (
                      <span key={code} style={{ display: 'block' }}>
                        {code}
                      </span>
                    ))}
                  </Typography.Paragraph>
                </Space>
              }
            />
          )}
          <CodeForm
            testId="recovery-renew"
            title={t('security.recoveryRenew')}
            submit={t('security.recoveryRenew')}
            path="/api/me/totp/recovery-codes"
            onDone={done}
          />
          <CodeForm
            testId="totp-disable"
            title={t('security.disable')}
            submit={t('security.disable')}
            path="/api/me/totp/disable"
            danger
            onDone={done}
          />
        </>
      ) : (
        <>
          <Alert type="warning" showIcon title={t('security.off')} data-testid="totp-off" />
          {!enrolment ? (
            <>
              <ErrorAlert error={error} />
              <Button type="primary" loading={busy} onClick={() => void start()} style={{ alignSelf: 'flex-start' }}>
                {t('security.start')}
              </Button>
            </>
          ) : (
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('security.setUp')}</h3>}>
              <Steps
                orientation="vertical"
                size="small"
                current={1}
                items={[
                  {
                    title: t('security.step1'),
                    content: (
                      <Space orientation="vertical" style={{ width: '100%' }}>
                        <Typography.Text>{t('security.scan')}</Typography.Text>
                        {/* Drawn in the browser from the URI (Ant Design's QRCode): the secret goes to no other server. */}
                        <QRCode
                          value={enrolment.otpauthUri}
                          type="svg"
                          size={176}
                          bordered={false}
                          aria-label={t('security.qr')}
                        />
                        <Typography.Text>{t('security.uri')}</Typography.Text>
                        <Typography.Paragraph
                          code
                          copyable={{ text: enrolment.otpauthUri }}
                          data-testid="totp-uri"
                          style={{ wordBreak: 'break-all', margin: 0 }}
                        >
                          {enrolment.otpauthUri}
                        </Typography.Paragraph>
                        <Typography.Text>{t('security.secret')}</Typography.Text>
                        <Typography.Paragraph
                          code
                          copyable={{ text: enrolment.secret }}
                          data-testid="totp-secret"
                          style={{ margin: 0 }}
                        >
                          {enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}
                        </Typography.Paragraph>
                        <Typography.Text type="secondary">{t('security.once')}</Typography.Text>
                      </Space>
                    ),
                  },
                  {
                    title: t('security.step2'),
                    content: (
                      <CodeForm
                        testId="totp-confirm"
                        submit={t('security.confirm')}
                        path="/api/me/totp/confirm"
                        onDone={done}
                      />
                    ),
                  },
                ]}
              />
            </Card>
          )}
        </>
      )}
    </Space>
  );
}

/** A six-digit code from the app, sent to `path`; a wrong one is the API's message on the field. */
function CodeForm({
  title,
  submit,
  path,
  danger,
  onDone,
  testId,
}: {
  title?: string;
  submit: string;
  path: string;
  danger?: boolean;
  onDone: (result: { recoveryCodes?: string[] }) => void;
  testId: string;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ code: string }>();
  const save = useSave(
    form,
    (values: { code: string }) => post<{ recoveryCodes?: string[] }>(path, { code: values.code.trim() }),
    onDone,
  );
  const body = (
    <Form form={form} layout="vertical" onFinish={(values) => void save.run(values)} data-testid={testId}>
      <Form.Item
        name="code"
        label={t('security.code')}
        extra={t('security.codeHelp')}
        rules={[codeRule(t('security.codeHelp'))]}
      >
        <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} style={{ maxWidth: 200 }} />
      </Form.Item>
      <ErrorAlert error={save.error} />
      <Button type="primary" danger={danger} htmlType="submit" loading={save.busy} style={{ marginTop: 8 }}>
        {submit}
      </Button>
    </Form>
  );
  return title ? (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{title}</h3>}>
      {body}
    </Card>
  ) : (
    body
  );
}
