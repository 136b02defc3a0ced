import { Col, Form, Input, Row, Select } from 'antd';
import { useI18n } from '../i18n.js';
import { useDirectory } from '../shared/directory.js';
import { CASE_STATUSES, CATEGORIES, SEVERITIES } from '../vocabulary.js';
import { CASE_SOURCES } from './desk-vocabulary.js';

/** The ledger's filters as `GET /api/ledger` names them; dates are county dates (`YYYY-MM-DD`). */
export interface LedgerFilters {
  status?: string;
  unitId?: string;
  schoolId?: string;
  category?: string;
  source?: string;
  severity?: string;
  overdue?: string;
  from?: string;
  to?: string;
}
export const FILTER_NAMES = [
  'status',
  'unitId',
  'schoolId',
  'category',
  'source',
  'severity',
  'overdue',
  'from',
  'to',
] as const satisfies ReadonlyArray<keyof LedgerFilters>;

/**
 * The filter form: each field labelled, every change applied at once. A unit does not filter by
 * unit nor a school by school (the API shows them their own only).
 */
export function LedgerFilterForm({
  value,
  onChange,
  hideUnit,
  hideSchool,
}: {
  value: LedgerFilters;
  onChange: (next: LedgerFilters) => void;
  hideUnit: boolean;
  hideSchool: boolean;
}) {
  const { t, label } = useI18n();
  // Retired ones too: their past cases and tasks are in the ledger.
  const { allUnits: units, allSchools: schools } = useDirectory();
  const all = { value: '', label: t('cases.all') };
  const choices = (values: readonly string[], group: string) => [
    all,
    ...values.map((item) => ({ value: item, label: label(group, item) })),
  ];
  const select = (name: keyof LedgerFilters, title: string, options: Array<{ value: string; label: string }>) => (
    <Col xs={12} md={8} lg={6} key={name}>
      <Form.Item name={name} label={title}>
        <Select options={options} showSearch={{ optionFilterProp: 'label' }} />
      </Form.Item>
    </Col>
  );
  const initial = Object.fromEntries(FILTER_NAMES.map((name) => [name, value[name] ?? '']));
  return (
    <Form
      name="ledger-filters"
      layout="vertical"
      initialValues={initial}
      onValuesChange={(_, values: Record<string, string>) => {
        onChange(Object.fromEntries(Object.entries(values).filter(([, v]) => v)));
      }}
    >
      <Row gutter={12}>
        {select('status', t('ledger.caseStatus'), choices(CASE_STATUSES, 'status'))}
        {!hideUnit &&
          select('unitId', t('case.unit'), [all, ...units.map((unit) => ({ value: unit.id, label: unit.name }))])}
        {!hideSchool &&
          select('schoolId', t('cases.school'), [
            all,
            ...schools.map((school) => ({ value: school.id, label: school.name })),
          ])}
        {select('category', t('report.category'), choices(CATEGORIES, 'category'))}
        {select('source', t('cases.source'), choices(CASE_SOURCES, 'source'))}
        {select('severity', t('report.severity'), choices(SEVERITIES, 'severity'))}
        {select('overdue', t('ledger.overdue'), [
          all,
          { value: 'true', label: t('ledger.overdueYes') },
          { value: 'false', label: t('ledger.overdueNo') },
        ])}
        <Col xs={12} md={8} lg={3}>
          <Form.Item name="from" label={t('ledger.from')}>
            <Input type="date" />
          </Form.Item>
        </Col>
        <Col xs={12} md={8} lg={3}>
          <Form.Item name="to" label={t('ledger.to')}>
            <Input type="date" />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
