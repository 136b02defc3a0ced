import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Form, Input, Select, Upload, type UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { get, post, upload } from '../api.js';
import { useI18n } from '../i18n.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { useLoad } from '../shared/use-load.js';
import { SEVERITIES } from '../vocabulary.js';

interface Label {
  code: string;
  zh: string;
  en: string;
}
interface Taxonomy {
  categories: Array<Label & { subcategories: Label[] }>;
}
interface ReportValues {
  category: string;
  subcategory?: string;
  severity: string;
  title: string;
  description: string;
  location: string;
  occurredAt?: Dayjs;
}

/** A school's whistle report: the five action lines and their subcategories from the API, files uploaded first. */
export function ReportForm() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<ReportValues>();
  const category = Form.useWatch('category', form);
  const taxonomy = useLoad(() => get<Taxonomy>('/api/taxonomy'), []);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // One key per filled-in form: a retry after a lost answer files the report once.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  const submit = async (values: ReportValues) => {
    setBusy(true);
    setError(undefined);
    try {
      const attachmentIds = await Promise.all(files.map((file) => upload(file.originFileObj as File)));
      const created = await post<{ id: string; reference: string }>(
        '/api/whistle-reports',
        {
          ...values,
          occurredAt: values.occurredAt?.toISOString(),
          attachmentIds: attachmentIds.length ? attachmentIds : undefined,
        },
        { 'idempotency-key': idempotencyKey },
      );
      void message.success(t('report.submitted', { reference: created.reference }));
      void navigate(`/school/reports/${created.id}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const categories = taxonomy.data?.categories ?? [];
  const subcategories = categories.find((entry) => entry.code === category)?.subcategories ?? [];
  return (
    <Card title={<h2 style={{ margin: 0, fontSize: 20 }}>{t('report.new')}</h2>}>
      <ErrorAlert error={taxonomy.error ?? error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ severity: 'normal' }}
        onFinish={(values) => void submit(values)}
        style={{ maxWidth: 720 }}
      >
        <Form.Item name="category" label={t('report.category')} rules={[{ required: true }]}>
          <Select
            loading={taxonomy.loading}
            onChange={() => form.setFieldValue('subcategory', undefined)}
            options={categories.map((entry) => ({ value: entry.code, label: entry[language] }))}
          />
        </Form.Item>
        <Form.Item name="subcategory" label={t('report.subcategory')}>
          <Select
            allowClear
            disabled={!subcategories.length}
            options={subcategories.map((entry) => ({ value: entry.code, label: entry[language] }))}
          />
        </Form.Item>
        <Form.Item name="severity" label={t('report.severity')} rules={[{ required: true }]}>
          <Select options={SEVERITIES.map((value) => ({ value, label: t(`severity.${value}`) }))} />
        </Form.Item>
        <Form.Item name="title" label={t('report.title')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('report.description')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={5} maxLength={10_000} />
        </Form.Item>
        <Form.Item name="location" label={t('report.location')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="occurredAt" label={t('report.occurredAt')}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label={t('report.attachments')}>
          <Upload
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
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('app.submit')}
        </Button>
      </Form>
    </Card>
  );
}
