import { DeleteOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import { useState } from 'react';
import { get, put } from '../api.js';
import { useI18n } from '../i18n.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatTime } from '../shared/time.js';
import { useLoad } from '../shared/use-load.js';
import { useSave } from '../shared/use-save.js';

/** What a school's score is made of (grading's inputs, libs/contracts GRADING_INPUT_NAMES). */
const INPUTS = [
  'cases',
  'tasks',
  'ackOnTime',
  'ackBreached',
  'rectifyBreached',
  'confirmedBullying',
  'seriousIncidents',
  'concealedIncidents',
  'minorFindings',
  'majorFindings',
  'criticalFindings',
  'checklistDone',
] as const;
const METHODS = ['credit', 'share', 'deduct'] as const;

type Method =
  | { kind: 'credit'; input: string; pointsEach: number }
  | { kind: 'share'; bad: string; total: string }
  | { kind: 'deduct'; per: Record<string, number> };
interface Definition {
  criteria: Array<{ criterion: string; label: string; max: number; method: Method }>;
  thresholds: { demonstration: number; compliant: number };
  vetoes: Array<{ item: string; label: string; input: string; atLeast: number }>;
}
interface Rubric {
  version: number;
  definition: Definition;
  createdAt: string;
}
/** As the form holds it: a deduction's inputs as a list of pairs. */
type FormMethod = {
  kind: Method['kind'];
  input?: string;
  pointsEach?: number;
  bad?: string;
  total?: string;
  per?: Array<{ input: string; points: number }>;
};
type RubricForm = Omit<Definition, 'criteria'> & {
  criteria: Array<Omit<Definition['criteria'][number], 'method'> & { method: FormMethod }>;
};

const toForm = (definition: Definition): RubricForm => ({
  ...definition,
  criteria: definition.criteria.map((criterion) => ({
    ...criterion,
    method:
      criterion.method.kind === 'deduct'
        ? {
            kind: 'deduct',
            per: Object.entries(criterion.method.per).map(([input, points]) => ({ input, points })),
          }
        : criterion.method,
  })),
});

const methodOf = (method: FormMethod): Method => {
  switch (method.kind) {
    case 'credit':
      return { kind: 'credit', input: method.input!, pointsEach: method.pointsEach! };
    case 'share':
      return { kind: 'share', bad: method.bad!, total: method.total! };
    default:
      return {
        kind: 'deduct',
        per: Object.fromEntries((method.per ?? []).map(({ input, points }) => [input, points])),
      };
  }
};

/**
 * The grading rubric: criteria with their points and how each is counted, the tier thresholds and
 * the vetoes. Any version can be read; saving makes a new version (a version is never edited).
 */
export function RubricPage() {
  const { t, language } = useI18n();
  const [version, setVersion] = useState<string>('current');
  const [round, setRound] = useState(0);
  const current = useLoad(() => get<Rubric>('/api/rubrics/current'), [round]);
  const shown = useLoad(() => get<Rubric>(`/api/rubrics/${version}`), [version, round]);
  const latest = current.data?.version ?? 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('rubric.title')}
      </Typography.Title>
      <Space wrap>
        <label htmlFor="rubric-version">{t('rubric.version')}</label>
        <Select
          id="rubric-version"
          style={{ width: 200 }}
          value={version}
          onChange={setVersion}
          options={[
            { value: 'current', label: t('rubric.current', { version: latest }) },
            ...Array.from({ length: latest }, (_, index) => latest - index).map((value) => ({
              value: String(value),
              label: `v${value}`,
            })),
          ]}
        />
        {shown.data && (
          <Typography.Text type="secondary">
            {t('rubric.createdAt', { at: formatTime(shown.data.createdAt, language) })}
          </Typography.Text>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('rubric.hint')}
      </Typography.Paragraph>
      <ErrorAlert error={current.error ?? shown.error} />
      {shown.data ? (
        <RubricEditor
          key={shown.data.version}
          rubric={shown.data}
          onSaved={() => {
            setVersion('current');
            setRound((value) => value + 1);
          }}
        />
      ) : (
        shown.loading && <Spin />
      )}
    </Space>
  );
}

function RubricEditor({ rubric, onSaved }: { rubric: Rubric; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<RubricForm>();
  const save = useSave(
    form,
    (values: RubricForm) =>
      put('/api/rubrics', {
        criteria: values.criteria.map(({ method, ...criterion }) => ({ ...criterion, method: methodOf(method) })),
        thresholds: values.thresholds,
        vetoes: values.vetoes ?? [],
      }),
    onSaved,
  );
  const inputOptions = INPUTS.map((value) => ({ value, label: t(`rubric.input.${value}`) }));
  const total = (Form.useWatch('criteria', form) ?? []).reduce((sum, criterion) => sum + (criterion?.max ?? 0), 0);
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={toForm(rubric.definition)}
      onFinish={(values) => void save.run(values)}
    >
      <Space orientation="vertical" style={{ width: '100%' }} size="middle">
        <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('rubric.criteria', { total })}</h3>}>
          <Form.List name="criteria">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((field, index) => (
                  <Card
                    key={field.key}
                    size="small"
                    type="inner"
                    data-testid={`criterion-${index}`}
                    title={t('rubric.criterion', { n: index + 1 })}
                    extra={
                      <Button
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('rubric.removeCriterion', { n: index + 1 })}
                        onClick={() => remove(field.name)}
                      />
                    }
                  >
                    <Row gutter={12}>
                      <Col xs={24} md={8}>
                        <Form.Item name={[field.name, 'label']} label={t('rubric.label')} rules={[{ required: true }]}>
                          <Input maxLength={200} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={8}>
                        <Form.Item
                          name={[field.name, 'criterion']}
                          label={t('rubric.slug')}
                          rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{0,39}$/ }]}
                        >
                          <Input maxLength={40} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={8}>
                        <Form.Item name={[field.name, 'max']} label={t('rubric.max')} rules={[{ required: true }]}>
                          <InputNumber min={0.5} max={1000} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                    </Row>
                    <MethodFields form={form} name={field.name} inputOptions={inputOptions} />
                  </Card>
                ))}
                <Button
                  onClick={() =>
                    add({
                      criterion: '',
                      label: '',
                      max: 10,
                      method: { kind: 'credit', input: 'checklistDone', pointsEach: 1 },
                    })
                  }
                >
                  {t('rubric.addCriterion')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Card>
        <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('rubric.thresholds')}</h3>}>
          <Row gutter={12}>
            <Col xs={12} md={6}>
              <Form.Item
                name={['thresholds', 'demonstration']}
                label={t('rubric.demonstration')}
                rules={[{ required: true }]}
              >
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['thresholds', 'compliant']} label={t('rubric.compliant')} rules={[{ required: true }]}>
                <InputNumber min={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('rubric.vetoes')}</h3>}>
          <Form.List name="vetoes">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((field, index) => (
                  <Row key={field.key} gutter={12} align="bottom">
                    <Col xs={24} md={7}>
                      <Form.Item
                        name={[field.name, 'label']}
                        label={t('rubric.veto', { n: index + 1 })}
                        rules={[{ required: true }]}
                      >
                        <Input maxLength={200} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item
                        name={[field.name, 'item']}
                        label={t('rubric.slug')}
                        rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{0,39}$/ }]}
                      >
                        <Input maxLength={40} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={6}>
                      <Form.Item name={[field.name, 'input']} label={t('rubric.input')} rules={[{ required: true }]}>
                        <Select options={inputOptions} />
                      </Form.Item>
                    </Col>
                    <Col xs={16} md={4}>
                      <Form.Item
                        name={[field.name, 'atLeast']}
                        label={t('rubric.atLeast')}
                        rules={[{ required: true }]}
                      >
                        <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={8} md={2}>
                      <Form.Item>
                        <Button
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('rubric.removeVeto', { n: index + 1 })}
                          onClick={() => remove(field.name)}
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Button onClick={() => add({ item: '', label: '', input: 'criticalFindings', atLeast: 1 })}>
                  {t('rubric.addVeto')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Card>
        <ErrorAlert error={save.error} />
        <Button type="primary" htmlType="submit" loading={save.busy}>
          {t('rubric.save')}
        </Button>
      </Space>
    </Form>
  );
}

/** How a criterion counts: points per unit of an input, the share of good over a total, or deductions per input. */
function MethodFields({
  form,
  name,
  inputOptions,
}: {
  form: FormInstance<RubricForm>;
  name: number;
  inputOptions: Array<{ value: string; label: string }>;
}) {
  const { t } = useI18n();
  const kind = Form.useWatch(['criteria', name, 'method', 'kind'], form) as FormMethod['kind'] | undefined;
  return (
    <Row gutter={12}>
      <Col xs={24} md={8}>
        <Form.Item name={[name, 'method', 'kind']} label={t('rubric.method')} rules={[{ required: true }]}>
          <Select options={METHODS.map((value) => ({ value, label: t(`rubric.method.${value}`) }))} />
        </Form.Item>
      </Col>
      {kind === 'credit' && (
        <>
          <Col xs={12} md={8}>
            <Form.Item name={[name, 'method', 'input']} label={t('rubric.input')} rules={[{ required: true }]}>
              <Select options={inputOptions} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item
              name={[name, 'method', 'pointsEach']}
              label={t('rubric.pointsEach')}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={1000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </>
      )}
      {kind === 'share' && (
        <>
          <Col xs={12} md={8}>
            <Form.Item name={[name, 'method', 'bad']} label={t('rubric.bad')} rules={[{ required: true }]}>
              <Select options={inputOptions} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name={[name, 'method', 'total']} label={t('rubric.total')} rules={[{ required: true }]}>
              <Select options={inputOptions} />
            </Form.Item>
          </Col>
        </>
      )}
      {kind === 'deduct' && (
        <Col xs={24} md={16}>
          <Form.List name={[name, 'method', 'per']}>
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {fields.map((field, index) => (
                  <Space key={field.key} wrap align="end">
                    <Form.Item
                      name={[field.name, 'input']}
                      label={t('rubric.deductFor', { n: index + 1 })}
                      rules={[{ required: true }]}
                      style={{ marginBottom: 0, minWidth: 180 }}
                    >
                      <Select options={inputOptions} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'points']}
                      label={t('rubric.pointsEach')}
                      rules={[{ required: true }]}
                      style={{ marginBottom: 0 }}
                    >
                      <InputNumber min={0} max={1000} />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('rubric.removeDeduction', { n: index + 1 })}
                      onClick={() => remove(field.name)}
                    />
                  </Space>
                ))}
                <Button size="small" onClick={() => add({ input: 'minorFindings', points: 1 })}>
                  {t('rubric.addDeduction')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Col>
      )}
    </Row>
  );
}
