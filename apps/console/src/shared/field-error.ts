import type { FormInstance } from 'antd';
import { ApiError } from '../api.js';

type Name = Array<string | number>;
const same = (a: Name, b: Name) => a.length === b.length && a.every((part, index) => String(part) === String(b[index]));

/**
 * Marks the form field an API error names (`field`: `rules.0.leadUnitId`) with the API's message: the
 * field itself, or the nearest field above it the form has (`terms` for `terms.3`). Answers whether
 * one was marked; the page shows the error above the form as well.
 */
export function markFieldError(form: FormInstance, error: unknown, prefix: Name = []): boolean {
  if (!(error instanceof ApiError) || !error.field) return false;
  const path: Name = error.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const known = form.getFieldsError().map((entry) => entry.name);
  for (let length = path.length; length > 0; length--) {
    const name = [...prefix, ...path.slice(0, length)];
    if (known.some((field) => same(field, name))) {
      form.setFields([{ name, errors: [error.message] }]);
      return true;
    }
  }
  return false;
}
