import { Alert } from 'antd';
import { ApiError } from '../api.js';
import { useI18n } from '../i18n.js';

/** An API error as the project words it: the message, and the field it names. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const message = error instanceof Error ? error.message : JSON.stringify(error);
  const field = error instanceof ApiError && error.field ? ` (${error.field})` : '';
  const title = error instanceof ApiError ? `${error.status} ${error.error}` : t('app.error');
  return <Alert type="error" showIcon role="alert" title={title} description={`${message}${field}`} />;
}
