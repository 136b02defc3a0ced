import { Button, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { post, query } from '../api.js';
import { useI18n } from '../i18n.js';
import { CommandForm } from '../shared/command-form.js';
import { useDirectory } from '../shared/directory.js';
import { DataTable } from '../shared/data-table.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatTime } from '../shared/time.js';
import { usePaged } from '../shared/use-paged.js';
import { ROLES } from '../vocabulary.js';

interface User {
  id: string;
  username: string;
  displayName: string | null;
  role: string;
  orgId: string;
  disabled: boolean;
  createdAt: string;
}

/** The directory's users by username, and a new user's form (organisations from the directory). */
export function UsersPage() {
  const { t, label, language } = useI18n();
  const { organisations, nameOf } = useDirectory();
  const users = usePaged<User>(`/api/users${query({ limit: 100 })}`);
  // Organisations the directory lists (schools, departments) and those users already belong to (county, task force).
  const orgIds = [...new Set([...organisations.map((org) => org.id), ...users.items.map((user) => user.orgId)])];
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('users.title')}
      </Typography.Title>
      <ErrorAlert error={users.error} />
      <DataTable<User>
        label={t('users.title')}
        rowKey="id"
        size="small"
        loading={users.loading}
        dataSource={users.items}
        columns={[
          { title: t('users.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName', render: (value: string | null) => value ?? '—' },
          { title: t('users.role'), dataIndex: 'role', render: (value: string) => label('role', value) },
          { title: t('users.org'), dataIndex: 'orgId', render: (value: string) => nameOf(value) },
          {
            title: t('report.status'),
            dataIndex: 'disabled',
            render: (disabled: boolean) => (
              <Tag color={disabled ? '#a8071a' : '#237804'} variant="solid">
                {disabled ? t('users.disabled') : t('users.active')}
              </Tag>
            ),
          },
          {
            title: t('report.submittedAt'),
            dataIndex: 'createdAt',
            render: (value: string) => formatTime(value, language),
          },
        ]}
      />
      {users.next && <Button onClick={() => void users.more()}>{t('app.more')}</Button>}
      <CommandForm
        title={t('users.create')}
        submit={t('users.create')}
        run={(values) => post('/api/users', values)}
        onDone={users.reload}
        testId="create-user"
      >
        <Form.Item name="username" label={t('users.username')} rules={[{ required: true, whitespace: true }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')}>
          <Input />
        </Form.Item>
        <Form.Item name="password" label={t('users.password')} rules={[{ required: true }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
          <Select options={ROLES.map((value) => ({ value, label: label('role', value) }))} />
        </Form.Item>
        <Form.Item name="orgId" label={t('users.org')} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={orgIds.map((id) => ({ value: id, label: nameOf(id) }))}
          />
        </Form.Item>
      </CommandForm>
    </Space>
  );
}
