import { Button } from 'antd';
import { useI18n } from '../i18n.js';

export function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <Button
      size="small"
      lang={language === 'zh' ? 'en' : 'zh-CN'}
      title={t('app.languageLabel')}
      onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
    >
      {t('app.language')}
    </Button>
  );
}
