/**
 * Times as the county reads them: every instant shown in the county's zone (the gateway's default
 * COUNTY_TIMEZONE), whatever the browser's own zone is.
 */
export const COUNTY_TIMEZONE = 'Asia/Shanghai';

const formats = new Map<string, Intl.DateTimeFormat>();

export function formatTime(iso: string | null | undefined, language: 'zh' | 'en'): string {
  if (!iso) return '—';
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : 'en-GB', {
      timeZone: COUNTY_TIMEZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    formats.set(language, format);
  }
  return format.format(new Date(iso));
}

/** A duration as `2d 3h`, `3h 20m` or `12m` (days and hours in Chinese: `2天3小时`). */
export function formatDuration(ms: number, language: 'zh' | 'en'): string {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const [d, h, m] = language === 'zh' ? ['天', '小时', '分'] : ['d ', 'h ', 'm'];
  if (days > 0) return `${days}${d}${hours}${h}`.trim();
  if (hours > 0) return `${hours}${h}${rest}${m}`.trim();
  return `${rest}${m}`.trim();
}
