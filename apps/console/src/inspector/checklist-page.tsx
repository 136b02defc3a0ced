import { Button, Card, Col, Form, Input, Row, Select, Space, Spin, Switch, Typography } from 'antd';
import { useState } from 'react';
import { get, put } from '../api.js';
import { useI18n } from '../i18n.js';
import { countyToday } from '../shared/county-time.js';
import { useDirectory } from '../shared/directory.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatTime } from '../shared/time.js';
import { useLoad } from '../shared/use-load.js';
import { useSave } from '../shared/use-save.js';

/** The six items of a school's safety checklist (护学岗, 法治副校长, 一键报警, 安全教育, 消防用电燃气, 演练). */
const ITEMS = [
  'guardPost',
  'legalVicePrincipal',
  'oneKeyAlarm',
  'safetyEducation',
  'fireElectricGas',
  'drills',
] as const;
type Item = (typeof ITEMS)[number];
interface ChecklistItem {
  done: boolean;
  note?: string;
  attachmentIds?: string[];
}
type Checklist = Record<Item, ChecklistItem> & {
  schoolId: string;
  term: string;
  doneCount: number;
  updatedAt: string | null;
};

/** The term whose checklist the grading of a date's quarter reads: spring for Q1–Q2, autumn for Q3–Q4. */
const termOf = (date: string): string => `${date.slice(0, 4)}-${Number(date.slice(5, 7)) <= 6 ? 'spring' : 'autumn'}`;
const previousTerm = (term: string) =>
  term.endsWith('autumn') ? `${term.slice(0, 4)}-spring` : `${Number(term.slice(0, 4)) - 1}-autumn`;

/** A school's safety checklist of a term, as an inspector finds it: each item done or not, with a note. */
export function ChecklistPage() {
  const { t, language } = useI18n();
  const { schools } = useDirectory();
  const current = termOf(countyToday());
  const terms = [current, previousTerm(current), previousTerm(previousTerm(current))];
  const [schoolId, setSchoolId] = useState<string>();
  const [term, setTerm] = useState(current);
  const termLabel = (value: string) =>
    t(value.endsWith('autumn') ? 'inspect.autumn' : 'inspect.spring', { year: value.slice(0, 4) });
  const loaded = useLoad(
    () => (schoolId ? get<Checklist>(`/api/schools/${schoolId}/checklist/${term}`) : Promise.resolve(undefined)),
    [schoolId, term],
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('inspect.checklist')}
      </Typography.Title>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <label htmlFor="checklist-school">{t('cases.school')}</label>
          <Select
            id="checklist-school"
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: '100%' }}
            value={schoolId}
            onChange={setSchoolId}
            options={schools.map((school) => ({ value: school.id, label: school.name }))}
          />
        </Col>
        <Col xs={24} md={12}>
          <label htmlFor="checklist-term">{t('inspect.term')}</label>
          <Select
            id="checklist-term"
            style={{ width: '100%' }}
            value={term}
            onChange={setTerm}
            options={terms.map((value) => ({ value, label: termLabel(value) }))}
          />
        </Col>
      </Row>
      <ErrorAlert error={loaded.error} />
      {!schoolId && <Typography.Text type="secondary">{t('inspect.pickSchool')}</Typography.Text>}
      {schoolId && loaded.loading && <Spin />}
      {loaded.data && !loaded.loading && (
        <>
          <Typography.Text type="secondary" data-testid="checklist-done">
            {t('inspect.doneCount', { done: loaded.data.doneCount, total: ITEMS.length })}
            {loaded.data.updatedAt
              ? ` · ${t('inspect.updatedAt', { at: formatTime(loaded.data.updatedAt, language) })}`
              : ''}
          </Typography.Text>
          <ChecklistForm
            key={`${schoolId}/${term}/${loaded.data.updatedAt}`}
            checklist={loaded.data}
            onSaved={loaded.reload}
          />
        </>
      )}
    </Space>
  );
}

function ChecklistForm({ checklist, onSaved }: { checklist: Checklist; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Record<Item, ChecklistItem>>();
  const save = useSave(
    form,
    (values: Record<Item, ChecklistItem>) =>
      put(
        `/api/schools/${checklist.schoolId}/checklist/${checklist.term}`,
        Object.fromEntries(
          ITEMS.map((item) => {
            const note = values[item].note?.trim();
            // Files already on the checklist (the school's, say) are kept as they are.
            const attachmentIds = checklist[item].attachmentIds ?? [];
            return [
              item,
              {
                done: values[item].done,
                ...(note ? { note } : {}),
                ...(attachmentIds.length ? { attachmentIds } : {}),
              },
            ];
          }),
        ),
      ),
    onSaved,
  );
  const initial = Object.fromEntries(
    ITEMS.map((item) => [item, { done: checklist[item].done, note: checklist[item].note ?? '' }]),
  ) as Record<Item, ChecklistItem>;
  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={(values) => void save.run(values)}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {ITEMS.map((item) => (
          <Card
            key={item}
            size="small"
            data-testid={`checklist-${item}`}
            title={<h3 style={{ margin: 0, fontSize: 15 }}>{t(`inspect.item.${item}`)}</h3>}
            extra={
              (checklist[item].attachmentIds?.length ?? 0) > 0 && (
                <Typography.Text type="secondary">
                  {t('inspect.files', { count: checklist[item].attachmentIds!.length })}
                </Typography.Text>
              )
            }
          >
            <Form.Item name={[item, 'done']} label={t('inspect.done')} valuePropName="checked">
              <Switch />
            </Form.Item>
            <Form.Item name={[item, 'note']} label={t('inspect.note')} style={{ marginBottom: 0 }}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Card>
        ))}
        <ErrorAlert error={save.error} />
        <Button type="primary" htmlType="submit" loading={save.busy} block style={{ maxWidth: 320 }}>
          {t('app.save')}
        </Button>
      </Space>
    </Form>
  );
}
