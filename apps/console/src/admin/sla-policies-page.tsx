import { Form, Input, Select, Space, Typography } from 'antd';
import { put } from '../api.js';
import { useI18n } from '../i18n.js';
import { CommandForm } from '../shared/command-form.js';
import { DataTable } from '../shared/data-table.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { usePaged } from '../shared/use-paged.js';
import { SEVERITIES } from '../vocabulary.js';

interface Policy {
  severity: string;
  ackWithin: string;
  rectifyWithin: string;
  clock?: string;
}

/** The acknowledgement and rectification windows per severity, and the clock they count in. */
export function SlaPoliciesPage() {
  const { t, label } = useI18n();
  const policies = usePaged<Policy>('/api/sla-policies');
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('sla.title')}
      </Typography.Title>
      <ErrorAlert error={policies.error} />
      <DataTable<Policy>
        label={t('sla.title')}
        rowKey="severity"
        size="small"
        loading={policies.loading}
        dataSource={policies.items}
        columns={[
          { title: t('sla.severity'), dataIndex: 'severity', render: (value: string) => label('severity', value) },
          { title: t('sla.ackWithin'), dataIndex: 'ackWithin' },
          { title: t('sla.rectifyWithin'), dataIndex: 'rectifyWithin' },
          { title: t('sla.clock'), dataIndex: 'clock', render: (value?: string) => label('clock', value) },
        ]}
      />
      <CommandForm
        title={t('sla.title')}
        submit={t('app.save')}
        initialValues={{ severity: 'normal', clock: 'working' }}
        run={({ severity, ...values }: { severity: string; ackWithin: string; rectifyWithin: string; clock: string }) =>
          put(`/api/sla-policies/${severity}`, values)
        }
        onDone={policies.reload}
        testId="sla-form"
      >
        <Typography.Paragraph type="secondary">{t('sla.hint')}</Typography.Paragraph>
        <Form.Item name="severity" label={t('sla.severity')} rules={[{ required: true }]}>
          <Select options={SEVERITIES.map((value) => ({ value, label: label('severity', value) }))} />
        </Form.Item>
        <Form.Item name="ackWithin" label={t('sla.ackWithin')} rules={[{ required: true, whitespace: true }]}>
          <Input placeholder="PT4H" />
        </Form.Item>
        <Form.Item name="rectifyWithin" label={t('sla.rectifyWithin')} rules={[{ required: true, whitespace: true }]}>
          <Input placeholder="P10D" />
        </Form.Item>
        <Form.Item name="clock" label={t('sla.clock')} rules={[{ required: true }]}>
          <Select options={['working', 'calendar'].map((value) => ({ value, label: label('clock', value) }))} />
        </Form.Item>
      </CommandForm>
    </Space>
  );
}
