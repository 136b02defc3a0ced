import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { ApiError, download } from '../api.js';
import { useI18n } from '../i18n.js';

/** A button that downloads one of the API's files (through `download`: the token in a header) and says what failed. */
export function DownloadButton({
  path,
  fileName,
  children,
  testId,
}: {
  path: string;
  fileName: string;
  children: string;
  testId?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await download(path, fileName);
    } catch (error) {
      const text = error instanceof ApiError ? `${error.status} ${error.message}` : t('app.error');
      void message.error(text);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} data-testid={testId}>
      {children}
    </Button>
  );
}
