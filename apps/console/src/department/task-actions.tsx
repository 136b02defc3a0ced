import { UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Space, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { get, post, query, upload } from '../api.js';
import { useI18n } from '../i18n.js';
import { CommandForm } from '../shared/command-form.js';
import { useDirectory } from '../shared/directory.js';
import { StatusTag } from '../shared/status-tag.js';
import { formatTime } from '../shared/time.js';
import type { CaseTask } from '../cases/case-types.js';

const WORKING = ['ACKNOWLEDGED', 'IN_PROGRESS'];
const OPEN = ['ASSIGNED', ...WORKING];

/** A unit's steps on its own task: acknowledge, progress or feedback, rectify, decline, ask for more time. */
export function TaskActions({ task, onDone }: { task: CaseTask; onDone: () => void }) {
  const { t, label } = useI18n();
  const { nameOf } = useDirectory();
  const path = `/api/tasks/${task.id}`;
  if (!OPEN.includes(task.status)) return null;
  return (
    <Card
      size="small"
      title={
        <h3 style={{ margin: 0, fontSize: 15 }}>
          {nameOf(task.unitId)} · {label('taskRole', task.role)} <StatusTag status={task.status} />
        </h3>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {task.status === 'ASSIGNED' && <AcknowledgeButton taskId={task.id} onDone={onDone} />}
        {WORKING.includes(task.status) && task.role === 'lead' && (
          <>
            <CommandForm
              title={t('tasks.progress')}
              submit={t('tasks.progress')}
              run={(values: { note: string }) => post(`${path}/progress`, values)}
              onDone={onDone}
            >
              <Form.Item name="note" label={t('tasks.progressNote')} rules={[{ required: true, whitespace: true }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </CommandForm>
            <RectifyForm taskId={task.id} onDone={onDone} />
          </>
        )}
        {WORKING.includes(task.status) && task.role === 'assisting' && (
          <CommandForm
            title={t('tasks.feedback')}
            submit={t('tasks.feedback')}
            run={(values: { summary: string }) => post(`${path}/feedback`, values)}
            onDone={onDone}
          >
            <Form.Item name="summary" label={t('tasks.feedbackSummary')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </CommandForm>
        )}
        <ExtensionForm task={task} onDone={onDone} />
        <CommandForm
          title={t('tasks.decline')}
          submit={t('tasks.decline')}
          danger
          run={(values: { reason: string }) => post(`${path}/decline`, values)}
          onDone={onDone}
        >
          <Form.Item name="reason" label={t('tasks.declineReason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </CommandForm>
      </Space>
    </Card>
  );
}

export function AcknowledgeButton({ taskId, onDone }: { taskId: string; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      type="primary"
      loading={busy}
      onClick={() => {
        setBusy(true);
        post(`/api/tasks/${taskId}/acknowledge`)
          .then(onDone, (error: unknown) => void message.error(error instanceof Error ? error.message : String(error)))
          .finally(() => setBusy(false));
      }}
    >
      {t('tasks.acknowledge')}
    </Button>
  );
}

function RectifyForm({ taskId, onDone }: { taskId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [files, setFiles] = useState<UploadFile[]>([]);
  return (
    <CommandForm
      title={t('tasks.rectify')}
      submit={t('tasks.rectify')}
      run={async (values: { summary: string }) => {
        const evidence = await Promise.all(files.map((file) => upload(file.originFileObj as File)));
        await post(`/api/tasks/${taskId}/rectify`, { ...values, evidence });
        setFiles([]);
      }}
      onDone={onDone}
    >
      <Form.Item name="summary" label={t('tasks.rectifySummary')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item label={t('tasks.evidence')}>
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
    </CommandForm>
  );
}

/** The new due time counted in working days on the county calendar, by the API's own due-date function. */
function ExtensionForm({ task, onDone }: { task: CaseTask; onDone: () => void }) {
  const { t, label, language } = useI18n();
  const [dueAt, setDueAt] = useState<string | null>(null);
  const pending = task.extensions.filter((extension) => extension.status === 'pending');
  if (pending.length) {
    // One pending request per task: the task force decides it before another can be made.
    return (
      <>
        {pending.map((extension) => (
          <Typography.Paragraph key={extension.id} data-testid="extension-pending">
            {t('tasks.extensions')}: {label('extension', extension.status)} ·{' '}
            {formatTime(extension.requestedDueAt, language)}
          </Typography.Paragraph>
        ))}
      </>
    );
  }
  const count = async (days: number | null) => {
    setDueAt(null);
    if (!days || days < 1) return;
    const answer = await get<{ dueAt: string }>(
      `/api/calendars/due-date${query({ from: new Date().toISOString(), within: `P${days}D`, clock: 'working' })}`,
    );
    setDueAt(answer.dueAt);
  };
  return (
    <CommandForm
      title={t('tasks.extension')}
      submit={t('tasks.extension')}
      run={(values: { reason: string }) =>
        post(`/api/tasks/${task.id}/extensions`, { reason: values.reason, requestedDueAt: dueAt })
      }
      onDone={() => {
        setDueAt(null);
        onDone();
      }}
    >
      <Form.Item name="days" label={t('tasks.workingDays')} rules={[{ required: true }]}>
        <InputNumber min={1} max={60} onChange={(days) => void count(days)} />
      </Form.Item>
      {dueAt && (
        <Typography.Paragraph data-testid="extension-due">
          {t('tasks.extensionDue')}: {formatTime(dueAt, language)}
        </Typography.Paragraph>
      )}
      <Form.Item name="reason" label={t('tasks.extensionReason')} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </CommandForm>
  );
}
