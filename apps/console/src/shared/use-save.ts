import { App, type FormInstance } from 'antd';
import { useState } from 'react';
import { useI18n } from '../i18n.js';
import { markFieldError } from './field-error.js';

/**
 * Saving an edited form: busy while the request runs, "saved" once it succeeded, otherwise the API's
 * error kept for the page to show and set on the field it names.
 */
export function useSave<V, R = unknown>(
  form: FormInstance,
  save: (values: V) => Promise<R>,
  onSaved?: (result: R) => void,
) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = async (values: V) => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await save(values);
      void message.success(t('app.saved'));
      onSaved?.(result);
    } catch (failure) {
      setError(failure);
      markFieldError(form, failure);
    } finally {
      setBusy(false);
    }
  };
  return { run, error, busy };
}
