import { App, Button, Card, Form } from 'antd';
import { type ReactNode, useState } from 'react';
import { useI18n } from '../i18n.js';
import { ErrorAlert } from './error-alert.js';

/**
 * One command on a case or task as a small form: its fields, a submit button, the API's error shown
 * beside it, and `onDone` once it succeeded (the page reads the case again).
 */
export function CommandForm<V extends object>({
  title,
  submit,
  run,
  onDone,
  children,
  initialValues,
  danger,
  testId,
}: {
  title: string;
  submit: string;
  run: (values: V) => Promise<unknown>;
  onDone: () => void;
  children?: ReactNode;
  initialValues?: Partial<V>;
  danger?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const finish = async (values: V) => {
    setBusy(true);
    setError(undefined);
    try {
      await run(values);
      form.resetFields();
      void message.success(t('app.done'));
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{title}</h3>} data-testid={testId}>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={(values: V) => void finish(values)}>
        {children}
        <Button type="primary" danger={danger} htmlType="submit" loading={busy}>
          {submit}
        </Button>
      </Form>
    </Card>
  );
}
