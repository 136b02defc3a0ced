import { Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useMemo } from 'react';
import { post, query } from '../api.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../shell/session.js';
import { CommandForm } from '../shared/command-form.js';
import { DataTable } from '../shared/data-table.js';
import { DownloadButton } from '../shared/download-button.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatTime } from '../shared/time.js';
import { usePaged } from '../shared/use-paged.js';
import { appealOfQuarter } from './appeals.js';
import { AppealResult, TierTag, useGradeWords } from './grade-parts.js';
import type { Appeal, PublishedGrade } from './grade-types.js';

/**
 * A school's own published grades, newest quarter first, each with its breakdown, reasons and any
 * amendment on appeal, the state of its appeal (`GET /api/appeals` lists the school's own) and the
 * quarter's bulletin; an appeal of a grade, within the appeal window the API keeps (a late or second
 * open appeal is refused with its reason).
 */
export function SchoolGrades() {
  const { t, language } = useI18n();
  const { user } = useSession();
  const words = useGradeWords();
  const schoolId = user?.orgId ?? '';
  const grades = usePaged<PublishedGrade>(`/api/schools/${schoolId}/grades${query({ limit: 20 })}`);
  // A school files one appeal a grade at a time, a handful a year: one page holds them all.
  const appeals = usePaged<Appeal>(`/api/appeals${query({ limit: 200 })}`);
  const appealOf = useMemo(() => appealOfQuarter(appeals.items), [appeals.items]);
  const reload = () => {
    grades.reload();
    appeals.reload();
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('grades.mine')}
      </Typography.Title>
      <ErrorAlert error={grades.error ?? appeals.error} />
      <DataTable<PublishedGrade>
        label={t('grades.mine')}
        rowKey="quarter"
        size="small"
        scroll={{ x: 'max-content' }}
        loading={grades.loading}
        dataSource={grades.items}
        locale={{ emptyText: <Typography.Text type="secondary">{t('grades.noneYet')}</Typography.Text> }}
        columns={[
          { title: t('grades.quarter'), dataIndex: 'quarter' },
          { title: t('grades.tierTitle'), render: (_, grade) => <TierTag tier={grade.tier} /> },
          { title: t('grades.score'), dataIndex: 'score', align: 'right' },
          { title: t('grades.moveTitle'), render: (_, grade) => words.move(grade) },
          { title: t('grades.reasons'), render: (_, grade) => words.reasons(grade) },
          { title: t('grades.breakdown'), render: (_, grade) => words.breakdown(grade) },
          { title: t('grades.amendment'), render: (_, grade) => words.amendment(grade) },
          {
            title: t('grades.appealColumn'),
            render: (_, grade) => <AppealResult appeal={appealOf.get(grade.quarter)} />,
          },
          {
            title: t('grades.publishedAt'),
            dataIndex: 'publishedAt',
            render: (value: string) => formatTime(value, language),
          },
          {
            title: t('grades.bulletinColumn'),
            render: (_, grade) => (
              <DownloadButton path={`/api/gradings/${grade.quarter}/bulletin.pdf`} fileName="bulletin.pdf">
                {t('grades.bulletinOf', { quarter: grade.quarter })}
              </DownloadButton>
            ),
          },
        ]}
      />
      {grades.next && <Button onClick={() => void grades.more()}>{t('app.more')}</Button>}
      {grades.items.length > 0 && (
        <CommandForm<{ quarter: string; reason: string }>
          title={t('grades.appeal')}
          submit={t('grades.appealSubmit')}
          initialValues={{ quarter: grades.items[0].quarter }}
          run={(values) =>
            post(`/api/gradings/${values.quarter}/schools/${schoolId}/appeals`, { reason: values.reason })
          }
          onDone={reload}
          testId="appeal"
        >
          <Form.Item name="quarter" label={t('grades.quarter')} rules={[{ required: true }]}>
            <Select options={grades.items.map((grade) => ({ value: grade.quarter, label: grade.quarter }))} />
          </Form.Item>
          <Form.Item name="reason" label={t('grades.appealReason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </CommandForm>
      )}
      <Card size="small">
        <Typography.Text type="secondary">{t('grades.appealNote')}</Typography.Text>
      </Card>
    </Space>
  );
}
