import { CloseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, get, put } from '../api.js';
import { useI18n } from '../i18n.js';
import { countyToday } from '../shared/county-time.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatTime } from '../shared/time.js';
import { useLoad } from '../shared/use-load.js';

interface Calendar {
  year: number;
  offDays: string[];
  workdays: string[];
  source: string;
  updatedAt: string;
}
type DayKind = 'off' | 'work' | 'default';
interface Days {
  offDays: string[];
  workdays: string[];
}

/** 0 Sunday … 6 Saturday, of a date read as a date (no zone involved). */
const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** A year of the county calendar: days off (holidays) and weekend days made working days, changed one day at a time. */
export function CalendarPage() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const thisYear = Number(countyToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  // A year not loaded yet answers 404: the page starts it empty.
  const loaded = useLoad(
    () =>
      get<Calendar>(`/api/calendars/${year}`).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }),
    [year],
  );
  const [days, setDays] = useState<Days>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setError(undefined);
    if (loaded.data !== undefined)
      setDays({ offDays: loaded.data?.offDays ?? [], workdays: loaded.data?.workdays ?? [] });
  }, [loaded.data]);

  const weekday = (date: string) => t(`calendar.weekday.${weekdayOf(date)}` as 'calendar.weekday.0');
  const mark = ({ date, kind }: { date: string; kind: DayKind }) =>
    setDays((current) => {
      const offDays = (current?.offDays ?? []).filter((day) => day !== date);
      const workdays = (current?.workdays ?? []).filter((day) => day !== date);
      if (kind === 'off') offDays.push(date);
      if (kind === 'work') workdays.push(date);
      return { offDays: offDays.sort(), workdays: workdays.sort() };
    });
  const save = async () => {
    if (!days) return;
    setBusy(true);
    setError(undefined);
    try {
      await put(`/api/calendars/${year}`, days);
      void message.success(t('app.saved'));
      loaded.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  // `workdays.2` names a day by its place in what was sent: say which day.
  const badDay = error instanceof ApiError && days ? /^(offDays|workdays)\.(\d+)$/.exec(error.field ?? '') : null;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('calendar.title')}
      </Typography.Title>
      <Space wrap>
        <label htmlFor="calendar-year">{t('calendar.year')}</label>
        <Select
          id="calendar-year"
          value={year}
          style={{ width: 120 }}
          onChange={setYear}
          options={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((value) => ({ value, label: value }))}
        />
      </Space>
      <ErrorAlert error={loaded.error} />
      {loaded.loading && !days ? (
        <Spin />
      ) : (
        <>
          {loaded.data === null && <Alert type="info" showIcon title={t('calendar.missing', { year })} />}
          {loaded.data && (
            <Typography.Text type="secondary">
              {t('calendar.source', { source: loaded.data.source, at: formatTime(loaded.data.updatedAt, language) })}
            </Typography.Text>
          )}
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('calendar.change')}</h3>}>
            <Typography.Paragraph type="secondary">{t('calendar.hint')}</Typography.Paragraph>
            <Form
              layout="inline"
              initialValues={{ kind: 'off' }}
              onFinish={mark}
              data-testid="calendar-day"
              style={{ rowGap: 8 }}
            >
              <Form.Item name="date" label={t('calendar.date')} rules={[{ required: true }]}>
                <Input type="date" min={`${year}-01-01`} max={`${year}-12-31`} />
              </Form.Item>
              <Form.Item name="kind" label={t('calendar.kind')}>
                <Select
                  style={{ minWidth: 160 }}
                  options={(['off', 'work', 'default'] as const).map((value) => ({
                    value,
                    label: t(`calendar.kind.${value}`),
                  }))}
                />
              </Form.Item>
              <Button htmlType="submit">{t('calendar.apply')}</Button>
            </Form>
          </Card>
          {(['offDays', 'workdays'] as const).map((list) => (
            <section key={list} aria-labelledby={`calendar-${list}`}>
              <Typography.Title level={3} id={`calendar-${list}`} style={{ fontSize: 16 }}>
                {t(`calendar.${list}`)} ({days?.[list].length ?? 0})
              </Typography.Title>
              <Space wrap size={[6, 6]} data-testid={`calendar-${list}`}>
                {days?.[list].map((date) => (
                  <Button
                    key={date}
                    size="small"
                    icon={<CloseOutlined />}
                    iconPlacement="end"
                    // The visible text first in the name (WCAG 2.5.3), then what pressing does.
                    aria-label={t('calendar.remove', { day: `${date.slice(5)} ${weekday(date)}`, date })}
                    onClick={() => mark({ date, kind: 'default' })}
                  >
                    {date.slice(5)} {weekday(date)}
                  </Button>
                ))}
                {days?.[list].length === 0 && <Typography.Text type="secondary">{t('app.none')}</Typography.Text>}
              </Space>
            </section>
          ))}
          <ErrorAlert error={error} />
          {badDay && days && (
            <Typography.Text type="danger">
              {t('calendar.badDay', { date: days[badDay[1] as keyof Days][Number(badDay[2])] ?? '' })}
            </Typography.Text>
          )}
          <Button type="primary" loading={busy} onClick={() => void save()} style={{ alignSelf: 'flex-start' }}>
            {t('calendar.save', { year })}
          </Button>
        </>
      )}
    </Space>
  );
}
