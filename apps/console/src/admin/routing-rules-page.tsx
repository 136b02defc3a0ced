import { Button, Card, Col, Form, type FormInstance, Row, Select, Space, Spin, Typography } from 'antd';
import { get, put } from '../api.js';
import { useI18n } from '../i18n.js';
import { useDirectory } from '../shared/directory.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { useLoad } from '../shared/use-load.js';
import { useSave } from '../shared/use-save.js';
import { useTaxonomy } from '../shared/taxonomy.js';

interface Rule {
  category: string;
  subcategory?: string;
  leadUnitId: string;
  assistingUnitIds: string[];
}

/**
 * The routing rules: which unit leads (and which assist) for a category or one of its subcategories;
 * the assessment proposes them. Saved as a whole, replacing the set before.
 */
export function RoutingRulesPage() {
  const { t } = useI18n();
  const loaded = useLoad(() => get<{ items: Rule[] }>('/api/routing-rules'), []);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('routing.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('routing.hint')}
      </Typography.Paragraph>
      <ErrorAlert error={loaded.error} />
      {loaded.data ? <RulesForm rules={loaded.data.items} /> : loaded.loading && <Spin />}
    </Space>
  );
}

function RulesForm({ rules }: { rules: Rule[] }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ rules: Rule[] }>();
  const save = useSave(form, ({ rules: edited }: { rules: Rule[] }) =>
    put('/api/routing-rules', {
      rules: (edited ?? []).map(({ subcategory, assistingUnitIds, ...rule }) => ({
        ...rule,
        ...(subcategory ? { subcategory } : {}),
        assistingUnitIds: assistingUnitIds ?? [],
      })),
    }),
  );
  return (
    <Form form={form} layout="vertical" initialValues={{ rules }} onFinish={(values) => void save.run(values)}>
      <Form.List name="rules">
        {(fields, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {fields.map((field, index) => (
              <Card
                key={field.key}
                size="small"
                data-testid={`rule-${index}`}
                title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('routing.rule', { n: index + 1 })}</h3>}
                extra={
                  <Button size="small" danger onClick={() => remove(field.name)}>
                    {t('routing.remove')}
                  </Button>
                }
              >
                <RuleFields form={form} name={field.name} />
              </Card>
            ))}
            {fields.length === 0 && <Typography.Text type="secondary">{t('app.none')}</Typography.Text>}
            <Button onClick={() => add({ assistingUnitIds: [] })}>{t('routing.add')}</Button>
          </Space>
        )}
      </Form.List>
      <ErrorAlert error={save.error} />
      <Button type="primary" htmlType="submit" loading={save.busy} style={{ marginTop: 12 }}>
        {t('app.save')}
      </Button>
    </Form>
  );
}

function RuleFields({ form, name }: { form: FormInstance<{ rules: Rule[] }>; name: number }) {
  const { t, label, language } = useI18n();
  const { units } = useDirectory();
  const { categories, subcategoriesOf } = useTaxonomy();
  const category = Form.useWatch(['rules', name, 'category'], form) as string | undefined;
  const subcategories = subcategoriesOf(category);
  const unitOptions = units.map((unit) => ({ value: unit.id, label: unit.name }));
  return (
    <Row gutter={12}>
      <Col xs={24} md={12}>
        <Form.Item name={[name, 'category']} label={t('report.category')} rules={[{ required: true }]}>
          <Select
            onChange={() => form.setFieldValue(['rules', name, 'subcategory'], undefined)}
            options={categories.map((entry) => ({ value: entry.code, label: label('category', entry.code) }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[name, 'subcategory']} label={t('routing.subcategory')}>
          <Select
            allowClear
            disabled={subcategories.length === 0}
            options={subcategories.map((entry) => ({ value: entry.code, label: entry[language] }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[name, 'leadUnitId']} label={t('case.lead')} rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={[name, 'assistingUnitIds']} label={t('case.assisting')}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
        </Form.Item>
      </Col>
    </Row>
  );
}
