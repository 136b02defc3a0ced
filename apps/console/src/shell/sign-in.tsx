import { Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ApiError, signIn } from '../api.js';
import { useI18n } from '../i18n.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { LanguageSwitch } from './language-switch.js';
import { homeOf, useSession } from './session.js';

interface Credentials {
  username: string;
  password: string;
  totp?: string;
}

export function SignIn() {
  const { t } = useI18n();
  const { user } = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from;
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // Asked for only after the password was right for a user with a second factor.
  const [needsCode, setNeedsCode] = useState(false);
  if (user) return <Navigate to={homeOf(user.role)} replace />;

  const submit = async (values: Credentials) => {
    setBusy(true);
    setError(undefined);
    try {
      const signedIn = await signIn(values.username.trim(), values.password, values.totp?.trim() || undefined);
      void navigate(from && from !== '/login' ? from : homeOf(signedIn.role), { replace: true });
    } catch (failure) {
      if (failure instanceof ApiError && failure.error === 'totp_required') setNeedsCode(true);
      else if (failure instanceof ApiError && failure.error === 'organisation_retired') {
        setError(new ApiError(failure.status, failure.error, t('signIn.retired')));
      } else setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="cw-centre">
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
              {t('app.title')} · {t('signIn.title')}
            </Typography.Title>
            <LanguageSwitch />
          </Space>
          <ErrorAlert error={error} />
          <Form layout="vertical" onFinish={(values: Credentials) => void submit(values)}>
            <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true }]}>
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            {needsCode && (
              <Form.Item
                name="totp"
                label={t('signIn.totp')}
                extra={t('signIn.totpHelp')}
                rules={[{ required: true, pattern: /^(\d{6}|[a-zA-Z2-9 -]{16,24})$/, message: t('signIn.totpHelp') }]}
              >
                <Input autoComplete="one-time-code" maxLength={24} autoFocus />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('signIn.submit')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('signIn.demo')}
          </Typography.Paragraph>
          <Link to="/tip">{t('signIn.tipLink')}</Link>
        </Space>
      </Card>
    </main>
  );
}
