import { App, Button, Col, Form, Input, Modal, Popconfirm, Row, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, post } from '../api.js';
import { useI18n } from '../i18n.js';
import { CommandForm } from '../shared/command-form.js';
import { DataTable } from '../shared/data-table.js';
import { forgetDirectory, type Organisation } from '../shared/directory.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { markFieldError } from '../shared/field-error.js';
import { formatTime } from '../shared/time.js';
import { usePaged } from '../shared/use-paged.js';
import { ImportCard, type ImportRowBase } from './csv-import.js';

/**
 * The directory's schools and units (retired ones tagged), a new one by hand, many from a CSV file;
 * each renamed in a dialog, retired after a confirmation (the API's refusal, such as a unit with open
 * tasks, shown above the lists) or put back in service.
 */
export function OrganisationsPage() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const schools = usePaged<Organisation>('/api/directory/schools?limit=50');
  const units = usePaged<Organisation>('/api/directory/units?limit=50');
  const [editing, setEditing] = useState<Organisation | null>(null);
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const reload = () => {
    forgetDirectory();
    schools.reload();
    units.reload();
  };
  const act = async (organisation: Organisation, step: 'retire' | 'reinstate') => {
    setBusy(organisation.id);
    setActionError(undefined);
    try {
      await post(`/api/directory/organisations/${organisation.id}/${step}`);
      void message.success(
        t(step === 'retire' ? 'orgs.retiredDone' : 'orgs.reinstatedDone', { name: organisation.name }),
      );
      reload();
    } catch (failure) {
      setActionError(failure);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('orgs.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <CommandForm
            title={t('orgs.create')}
            submit={t('orgs.create')}
            initialValues={{ kind: 'school' }}
            run={(values) => post('/api/directory/organisations', values)}
            onDone={reload}
            testId="create-organisation"
          >
            <Form.Item name="kind" label={t('orgs.kind')} rules={[{ required: true }]}>
              <Select
                options={['school', 'unit'].map((value) => ({
                  value,
                  label: t(value === 'school' ? 'orgs.school' : 'orgs.unit'),
                }))}
              />
            </Form.Item>
            <Form.Item name="code" label={t('orgs.code')} rules={[{ required: true, whitespace: true }]}>
              <Input autoComplete="off" maxLength={64} />
            </Form.Item>
            <Form.Item name="name" label={t('orgs.name')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={200} />
            </Form.Item>
          </CommandForm>
        </Col>
        <Col xs={24} lg={14}>
          <OrganisationsImport onDone={reload} />
        </Col>
      </Row>
      <ErrorAlert error={actionError} />
      {[
        { title: t('orgs.schools'), list: schools },
        { title: t('orgs.units'), list: units },
      ].map(({ title, list }) => (
        <section key={title}>
          <Typography.Title level={3} style={{ fontSize: 18 }}>
            {title}
          </Typography.Title>
          <ErrorAlert error={list.error} />
          <DataTable<Organisation>
            label={title}
            rowKey="id"
            size="small"
            loading={list.loading}
            dataSource={list.items}
            columns={[
              { title: t('orgs.code'), dataIndex: 'code' },
              { title: t('orgs.name'), dataIndex: 'name' },
              {
                title: t('report.status'),
                dataIndex: 'retiredAt',
                render: (retiredAt: string | null) =>
                  retiredAt ? (
                    <Space size={4} wrap>
                      <Tag color="#595959" variant="solid">
                        {t('orgs.retired')}
                      </Tag>
                      <Typography.Text type="secondary">{formatTime(retiredAt, language)}</Typography.Text>
                    </Space>
                  ) : (
                    <Tag color="#237804" variant="solid">
                      {t('orgs.inService')}
                    </Tag>
                  ),
              },
              {
                title: t('orgs.actions'),
                key: 'actions',
                render: (_, organisation) => (
                  <Space size={4} wrap>
                    <Button
                      size="small"
                      aria-label={t('orgs.editOf', { name: organisation.name })}
                      onClick={() => {
                        setActionError(undefined);
                        setEditing(organisation);
                      }}
                    >
                      {t('orgs.edit')}
                    </Button>
                    {organisation.retiredAt ? (
                      <Popconfirm
                        title={t('orgs.reinstateConfirm', { name: organisation.name })}
                        okText={t('orgs.reinstate')}
                        cancelText={t('app.cancel')}
                        onConfirm={() => void act(organisation, 'reinstate')}
                      >
                        <Button
                          size="small"
                          loading={busy === organisation.id}
                          aria-label={t('orgs.reinstateOf', { name: organisation.name })}
                        >
                          {t('orgs.reinstate')}
                        </Button>
                      </Popconfirm>
                    ) : (
                      <Popconfirm
                        title={t('orgs.retireConfirm', { name: organisation.name })}
                        description={
                          <Typography.Paragraph style={{ maxWidth: 320, margin: 0 }}>
                            {t(organisation.kind === 'school' ? 'orgs.retireSchoolHint' : 'orgs.retireUnitHint')}
                          </Typography.Paragraph>
                        }
                        okText={t('orgs.retire')}
                        okButtonProps={{ danger: true }}
                        cancelText={t('app.cancel')}
                        onConfirm={() => void act(organisation, 'retire')}
                      >
                        <Button
                          size="small"
                          danger
                          loading={busy === organisation.id}
                          aria-label={t('orgs.retireOf', { name: organisation.name })}
                        >
                          {t('orgs.retire')}
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
              },
            ]}
          />
          {list.next && <Button onClick={() => void list.more()}>{t('app.more')}</Button>}
        </section>
      ))}
      <EditDialog
        organisation={editing}
        onClose={() => setEditing(null)}
        onDone={() => {
          setEditing(null);
          reload();
        }}
      />
    </Space>
  );
}

/** A school's or unit's name changed in a dialog; the code is shown, never edited (files and other systems know it). */
function EditDialog({
  organisation,
  onClose,
  onDone,
}: {
  organisation: Organisation | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const save = async ({ name }: { name: string }) => {
    if (!organisation) return;
    setBusy(true);
    setError(undefined);
    try {
      await api('PATCH', `/api/directory/organisations/${organisation.id}`, { name });
      void message.success(t('app.saved'));
      onDone();
    } catch (failure) {
      setError(failure);
      markFieldError(form, failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={organisation !== null}
      title={t('orgs.editTitle', { code: organisation?.code ?? '' })}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form
        form={form}
        name="edit-organisation"
        layout="vertical"
        initialValues={{ name: organisation?.name }}
        onFinish={(values) => void save(values)}
      >
        <Form.Item label={t('orgs.code')} extra={t('orgs.codeFixed')}>
          <Typography.Text code>{organisation?.code}</Typography.Text>
        </Form.Item>
        <Form.Item name="name" label={t('orgs.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ImportRow extends ImportRowBase {
  code?: string;
}

const TEMPLATE = 'kind,code,name\nschool,DM-S004,东明县第四小学\nunit,DM-HEALTH,县卫健委\n';

/** Schools and units from a CSV file; the shared card sends it in parts and shows each row's code and fate. */
function OrganisationsImport({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  return (
    <ImportCard<ImportRow>
      title={t('orgs.import')}
      hint={t('orgs.importHint')}
      endpoint="/api/directory/organisations/import"
      template={{ name: 'organisations.csv', text: TEMPLATE }}
      columns={[{ title: t('orgs.code'), dataIndex: 'code', render: (value?: string) => value ?? '—' }]}
      onDone={onDone}
    />
  );
}
