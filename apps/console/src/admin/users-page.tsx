import { Alert, Button, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { post, query } from '../api.js';
import { useI18n } from '../i18n.js';
import { CommandForm } from '../shared/command-form.js';
import { useDirectory } from '../shared/directory.js';
import { DataTable } from '../shared/data-table.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatTime } from '../shared/time.js';
import { usePaged } from '../shared/use-paged.js';
import { ROLES } from '../vocabulary.js';
import { toCsv } from './csv-chunks.js';
import { downloadCsv, ImportCard, type ImportRowBase } from './csv-import.js';

interface User {
  id: string;
  username: string;
  displayName: string | null;
  role: string;
  orgId: string;
  disabled: boolean;
  createdAt: string;
}

/** A users import's row: a created one carries its one-time initial password. */
interface ImportRow extends ImportRowBase {
  username?: string;
  password?: string;
}

const TEMPLATE =
  'username,role,organisation,displayName\nwang.li,school_reporter,DM-S001,王丽\nzhao.qiang,department_handler,DM-PSB,赵强\n';

/**
 * The directory's users by username, a new user's form (organisations from the directory), and many
 * users from a CSV file, whose created users' initial passwords are shown once.
 */
export function UsersPage() {
  const { t, label, language } = useI18n();
  const { organisations, nameOf } = useDirectory();
  const users = usePaged<User>(`/api/users${query({ limit: 100 })}`);
  // Organisations the directory lists (schools, departments) and those users already belong to (county,
  // task force), but none retired: its users cannot sign in.
  const retired = new Set(organisations.filter((org) => org.retiredAt).map((org) => org.id));
  const orgIds = [...new Set([...organisations.map((org) => org.id), ...users.items.map((user) => user.orgId)])].filter(
    (id) => !retired.has(id),
  );
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
      <ImportCard<ImportRow>
        title={t('users.import')}
        hint={t('users.importHint')}
        endpoint="/api/users/import"
        template={{ name: 'users.csv', text: TEMPLATE }}
        columns={[{ title: t('users.username'), dataIndex: 'username', render: (value?: string) => value ?? '—' }]}
        onDone={users.reload}
        after={(rows) => <InitialPasswords rows={rows} />}
      />
    </Space>
  );
}

/**
 * The created users' initial passwords, shown this once (the server keeps only their hashes), each with
 * a copy button, and the whole report as a CSV file the administrator saves to hand them over.
 */
function InitialPasswords({ rows }: { rows: ImportRow[] }) {
  const { t } = useI18n();
  const created = rows.filter((row) => row.status === 'created' && row.password);
  const download = () =>
    downloadCsv(
      'users-import-results.csv',
      toCsv([
        ['row', 'status', 'username', 'initialPassword', 'field', 'problem'],
        ...rows.map((row) => [row.row, row.status, row.username, row.password, row.field, row.message]),
      ]),
    );
  return (
    <div data-testid="initial-passwords">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {created.length > 0 && (
          <>
            <Typography.Title level={4} style={{ fontSize: 15, margin: 0 }}>
              {t('users.passwords')}
            </Typography.Title>
            <Alert type="warning" showIcon title={t('users.passwordsOnce')} />
            <DataTable<ImportRow>
              label={t('users.passwords')}
              rowKey="row"
              size="small"
              dataSource={created}
              pagination={created.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              columns={[
                { title: t('import.row'), dataIndex: 'row', width: 64 },
                { title: t('users.username'), dataIndex: 'username' },
                {
                  title: t('users.password'),
                  dataIndex: 'password',
                  render: (password: string, row) => (
                    <Typography.Text
                      code
                      copyable={{
                        text: password,
                        tooltips: [t('users.copyPassword', { username: row.username ?? '' }), t('users.copied')],
                      }}
                    >
                      {password}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          </>
        )}
        <Button onClick={download}>{t('users.downloadResults')}</Button>
      </Space>
    </div>
  );
}
