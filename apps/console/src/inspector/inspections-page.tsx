import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  Row,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { post, query, upload } from '../api.js';
import { useI18n } from '../i18n.js';
import { countyInstant, countyLocalNow } from '../shared/county-time.js';
import { DataTable } from '../shared/data-table.js';
import { useDirectory } from '../shared/directory.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { markFieldError } from '../shared/field-error.js';
import { formatTime } from '../shared/time.js';
import { usePaged } from '../shared/use-paged.js';

const KINDS = ['daily', 'patrol', 'campaign'] as const;
const FINDING_SEVERITIES = ['minor', 'major', 'critical'] as const;
const SEVERITY_COLOURS = { minor: '#ad4e00', major: '#a8071a', critical: '#5c0011' } as const;

interface Finding {
  item: string;
  severity: (typeof FINDING_SEVERITIES)[number];
  note?: string;
  hazard?: boolean;
  needsUnits?: boolean;
}
interface Inspection {
  id: string;
  schoolId: string;
  kind: string;
  campaign?: string;
  at: string;
  findings: Finding[];
  attachmentIds: string[];
  createdAt: string;
}
interface InspectionValues {
  schoolId: string;
  kind: (typeof KINDS)[number];
  campaign?: string;
  at: string;
  findings?: Finding[];
}

/** The inspector's round: record an inspection of a school with its findings and photos, and the inspections so far. */
export function InspectionsPage() {
  const { t } = useI18n();
  const { schools } = useDirectory();
  const [schoolFilter, setSchoolFilter] = useState<string>();
  const inspections = usePaged<Inspection>(`/api/inspections${query({ schoolId: schoolFilter, limit: 50 })}`);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('inspect.title')}
      </Typography.Title>
      <RecordForm onDone={inspections.reload} />
      <Typography.Title level={3} style={{ fontSize: 18, margin: 0 }}>
        {t('inspect.list')}
      </Typography.Title>
      <Select
        aria-label={t('inspect.filterSchool')}
        allowClear
        placeholder={t('inspect.filterSchool')}
        style={{ width: '100%', maxWidth: 360 }}
        value={schoolFilter}
        onChange={setSchoolFilter}
        options={schools.map((school) => ({ value: school.id, label: school.name }))}
      />
      <ErrorAlert error={inspections.error} />
      <InspectionTable items={inspections.items} loading={inspections.loading} />
      {inspections.next && <Button onClick={() => void inspections.more()}>{t('app.more')}</Button>}
    </Space>
  );
}

function InspectionTable({ items, loading }: { items: Inspection[]; loading: boolean }) {
  const { t, language } = useI18n();
  const { nameOf } = useDirectory();
  return (
    <DataTable<Inspection>
      label={t('inspect.list')}
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={items}
      // On a phone the table scrolls sideways in its (focusable) region rather than squeezing its columns.
      style={{ minWidth: 640 }}
      columns={[
        { title: t('inspect.at'), dataIndex: 'at', render: (value: string) => formatTime(value, language) },
        { title: t('cases.school'), dataIndex: 'schoolId', render: (value: string) => nameOf(value) },
        {
          title: t('inspect.kind'),
          dataIndex: 'kind',
          render: (value: string, row) =>
            `${t(`inspect.kind.${value}` as 'inspect.kind.daily')}${row.campaign ? ` · ${row.campaign}` : ''}`,
        },
        {
          title: t('inspect.findings'),
          dataIndex: 'findings',
          render: (findings: Finding[]) =>
            findings.length === 0 ? (
              t('inspect.noFindings')
            ) : (
              <Space wrap size={4}>
                {findings.map((finding, index) => (
                  <Tag key={index} color={SEVERITY_COLOURS[finding.severity]} variant="solid">
                    {t(`inspect.severity.${finding.severity}`)} · {finding.item}
                  </Tag>
                ))}
              </Space>
            ),
        },
        {
          title: t('inspect.attachments'),
          dataIndex: 'attachmentIds',
          render: (ids: string[]) => ids.length,
        },
      ]}
    />
  );
}

function RecordForm({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { schools } = useDirectory();
  const [form] = Form.useForm<InspectionValues>();
  const kind = Form.useWatch('kind', form);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async ({ at, findings, campaign, ...values }: InspectionValues) => {
    setBusy(true);
    setError(undefined);
    try {
      const attachmentIds = await Promise.all(files.map((file) => upload(file.originFileObj as File)));
      await post('/api/inspections', {
        ...values,
        ...(values.kind === 'campaign' ? { campaign } : {}),
        at: countyInstant(at),
        findings: (findings ?? []).map(({ note, ...finding }) => ({
          ...finding,
          hazard: finding.hazard ?? false,
          needsUnits: finding.needsUnits ?? false,
          ...(note?.trim() ? { note } : {}),
        })),
        ...(attachmentIds.length ? { attachmentIds } : {}),
      });
      void message.success(t('inspect.recorded'));
      form.resetFields();
      form.setFieldValue('at', countyLocalNow());
      setFiles([]);
      onDone();
    } catch (failure) {
      setError(failure);
      markFieldError(form, failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('inspect.record')}</h3>}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'daily', at: countyLocalNow(), findings: [] }}
        onFinish={(values) => void submit(values)}
        data-testid="record-inspection"
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="schoolId" label={t('cases.school')} rules={[{ required: true }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={schools.map((school) => ({ value: school.id, label: school.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="at" label={t('inspect.at')} rules={[{ required: true }]} extra={t('app.timeZone')}>
              <Input type="datetime-local" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="kind" label={t('inspect.kind')} rules={[{ required: true }]}>
              <Select options={KINDS.map((value) => ({ value, label: t(`inspect.kind.${value}`) }))} />
            </Form.Item>
          </Col>
          {kind === 'campaign' && (
            <Col xs={24} md={12}>
              <Form.Item name="campaign" label={t('inspect.campaign')} rules={[{ required: true, whitespace: true }]}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.List name="findings">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
              <Typography.Text strong>{t('inspect.findings')}</Typography.Text>
              {fields.map((field, index) => (
                <Card
                  key={field.key}
                  size="small"
                  type="inner"
                  data-testid={`finding-${index}`}
                  title={t('inspect.finding', { n: index + 1 })}
                  extra={
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('inspect.removeFinding', { n: index + 1 })}
                      onClick={() => remove(field.name)}
                    />
                  }
                >
                  <Row gutter={12}>
                    <Col xs={24} md={12}>
                      <Form.Item
                        name={[field.name, 'item']}
                        label={t('inspect.item')}
                        rules={[{ required: true, whitespace: true }]}
                      >
                        <Input maxLength={200} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item
                        name={[field.name, 'severity']}
                        label={t('inspect.severity')}
                        rules={[{ required: true }]}
                      >
                        <Select
                          options={FINDING_SEVERITIES.map((value) => ({
                            value,
                            label: t(`inspect.severity.${value}`),
                          }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24}>
                      <Form.Item name={[field.name, 'note']} label={t('inspect.note')}>
                        <Input.TextArea rows={2} maxLength={2000} />
                      </Form.Item>
                    </Col>
                    <Col xs={24}>
                      <Space wrap>
                        <Form.Item name={[field.name, 'hazard']} valuePropName="checked" noStyle>
                          <Checkbox>{t('inspect.hazard')}</Checkbox>
                        </Form.Item>
                        <Form.Item name={[field.name, 'needsUnits']} valuePropName="checked" noStyle>
                          <Checkbox>{t('inspect.needsUnits')}</Checkbox>
                        </Form.Item>
                      </Space>
                    </Col>
                  </Row>
                </Card>
              ))}
              {fields.length === 0 && <Typography.Text type="secondary">{t('inspect.noFindings')}</Typography.Text>}
              <Button onClick={() => add({ severity: 'minor', hazard: false, needsUnits: false })}>
                {t('inspect.addFinding')}
              </Button>
            </Space>
          )}
        </Form.List>
        <Form.Item label={t('inspect.attachments')}>
          <Upload
            multiple
            fileList={files}
            beforeUpload={(file) => {
              setFiles((list) => [...list, { uid: file.uid, name: file.name, originFileObj: file } as UploadFile]);
              return false;
            }}
            onRemove={(file) => setFiles((list) => list.filter((entry) => entry.uid !== file.uid))}
          >
            <Button icon={<UploadOutlined />}>{t('report.upload')}</Button>
          </Upload>
        </Form.Item>
        <ErrorAlert error={error} />
        <Button type="primary" htmlType="submit" loading={busy} block style={{ marginTop: 8, maxWidth: 320 }}>
          {t('inspect.save')}
        </Button>
      </Form>
    </Card>
  );
}
