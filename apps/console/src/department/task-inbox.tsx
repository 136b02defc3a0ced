import { Button, Space, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { get, type Page } from '../api.js';
import { useI18n } from '../i18n.js';
import { Countdown } from '../shared/countdown.js';
import { DataTable } from '../shared/data-table.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { StatusTag } from '../shared/status-tag.js';
import { useLoad } from '../shared/use-load.js';
import { AcknowledgeButton } from './task-actions.js';

interface Task {
  id: string;
  caseId: string;
  role: string;
  status: string;
  ackDueAt: string;
  rectifyDueAt: string | null;
  acknowledgedAt: string | null;
}

/** The unit's tasks, newest first, with what is owed next counting down; acknowledge from the list. */
export function TaskInbox() {
  const { t, label } = useI18n();
  const tasks = useLoad(() => get<Page<Task>>('/api/tasks?limit=100'), []);
  const owed = (task: Task) => {
    if (task.status === 'ASSIGNED') return <Countdown dueAt={task.ackDueAt} />;
    if (task.status === 'ACKNOWLEDGED' || task.status === 'IN_PROGRESS') return <Countdown dueAt={task.rectifyDueAt} />;
    return '—';
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={2}>{t('tasks.title')}</Typography.Title>
        <Button onClick={tasks.reload}>{t('app.refresh')}</Button>
      </Space>
      <ErrorAlert error={tasks.error} />
      <DataTable<Task>
        label={t('tasks.title')}
        rowKey="id"
        loading={tasks.loading}
        dataSource={tasks.data?.items ?? []}
        columns={[
          {
            title: t('tasks.case'),
            dataIndex: 'caseId',
            // The task list carries the case's id, not its reference: the case page shows the reference.
            render: (caseId: string) => (
              <Link to={`/cases/${caseId}`}>{t('tasks.openCase', { id: caseId.slice(0, 8) })}</Link>
            ),
          },
          { title: t('tasks.role'), dataIndex: 'role', render: (role: string) => label('taskRole', role) },
          { title: t('tasks.status'), dataIndex: 'status', render: (status: string) => <StatusTag status={status} /> },
          { title: `${t('tasks.ackDue')} / ${t('tasks.rectifyDue')}`, render: (_, task) => owed(task) },
          {
            title: t('case.actions'),
            render: (_, task) =>
              task.status === 'ASSIGNED' ? <AcknowledgeButton taskId={task.id} onDone={tasks.reload} /> : null,
          },
        ]}
      />
    </Space>
  );
}
