import { Result } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n.js';

export function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title={t('app.notFound')} extra={<Link to="/">{t('app.home')}</Link>} />;
}
