import { Alert, Card, Col, Descriptions, Row, Space, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { get } from '../api.js';
import { TaskActions } from '../department/task-actions.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../shell/session.js';
import { Countdown } from '../shared/countdown.js';
import { useDirectory } from '../shared/directory.js';
import { DataTable } from '../shared/data-table.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { StatusTag } from '../shared/status-tag.js';
import { formatTime } from '../shared/time.js';
import { useLoad } from '../shared/use-load.js';
import { CountyActions } from '../taskforce/county-actions.js';
import { DuplicatesCard } from '../taskforce/duplicates-card.js';
import { CaseTimeline } from './case-timeline.js';
import type { CaseTask, CaseView } from './case-types.js';

/** One case as the county and its units see it; the actions shown are the caller's role's. */
export function CasePage() {
  const { id } = useParams();
  const { t, label, language } = useI18n();
  const { user } = useSession();
  const { nameOf } = useDirectory();
  const kase = useLoad(() => get<CaseView>(`/api/cases/${id}`), [id]);
  const view = kase.data;
  if (!view) return kase.error ? <ErrorAlert error={kase.error} /> : <Card loading />;
  const isUnit = user?.role === 'department_handler' || user?.role === 'department_head';
  // Intake suggests duplicates of reports and tips (a case has the id of what it came from).
  const readsDuplicates =
    (user?.role === 'taskforce_dispatcher' || user?.role === 'supervisor') &&
    (view.source === 'report' || view.source === 'tip');

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('case.title', { reference: view.reference })} <StatusTag status={view.status} />
      </Typography.Title>
      <ErrorAlert error={kase.error} />
      {view.disputed && <Alert type="warning" showIcon title={t('case.disputed')} />}
      {view.mergedInto && (
        <Alert
          type="info"
          showIcon
          title={<Link to={`/cases/${view.mergedInto}`}>{t('merge.mergedInto')}</Link>}
          data-testid="merged-into"
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" style={{ width: '100%' }} size="middle">
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('case.details')}</h3>}>
              <Descriptions column={{ xs: 1, sm: 2 }} size="small">
                <Descriptions.Item label={t('cases.source')}>{label('source', view.source)}</Descriptions.Item>
                <Descriptions.Item label={t('cases.school')}>{nameOf(view.schoolId)}</Descriptions.Item>
                <Descriptions.Item label={t('report.category')}>{label('category', view.category)}</Descriptions.Item>
                <Descriptions.Item label={t('report.severity')}>{label('severity', view.severity)}</Descriptions.Item>
                <Descriptions.Item label={t('case.riskLevel')}>{label('risk', view.riskLevel)}</Descriptions.Item>
                <Descriptions.Item label={t('cases.reportedAt')}>
                  {formatTime(view.reportedAt, language)}
                </Descriptions.Item>
                {view.autoCloseAt && (
                  <Descriptions.Item label={t('case.autoCloseAt')}>
                    {formatTime(view.autoCloseAt, language)}
                  </Descriptions.Item>
                )}
              </Descriptions>
            </Card>
            <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('case.tasks')}</h3>}>
              <DataTable<CaseTask>
                label={t('case.tasks')}
                rowKey="id"
                size="small"
                dataSource={view.tasks}
                locale={{ emptyText: <Typography.Text type="secondary">{t('app.none')}</Typography.Text> }}
                columns={[
                  { title: t('case.unit'), dataIndex: 'unitId', render: (unitId: string) => nameOf(unitId) },
                  { title: t('tasks.role'), dataIndex: 'role', render: (role: string) => label('taskRole', role) },
                  {
                    title: t('tasks.status'),
                    dataIndex: 'status',
                    render: (status: string) => <StatusTag status={status} />,
                  },
                  {
                    title: t('tasks.ackDue'),
                    render: (_, task) =>
                      task.acknowledgedAt ? (
                        formatTime(task.acknowledgedAt, language)
                      ) : (
                        <Countdown dueAt={task.ackDueAt} />
                      ),
                  },
                  {
                    title: t('tasks.rectifyDue'),
                    render: (_, task) =>
                      task.rectifiedAt || task.feedbackAt ? (
                        formatTime(task.rectifiedAt ?? task.feedbackAt, language)
                      ) : (
                        <Countdown dueAt={task.rectifyDueAt} />
                      ),
                  },
                ]}
              />
            </Card>
            {isUnit && view.tasks.map((task) => <TaskActions key={task.id} task={task} onDone={kase.reload} />)}
            {readsDuplicates && <DuplicatesCard view={view} onDone={kase.reload} />}
            {!isUnit && <CountyActions view={view} onDone={kase.reload} />}
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('case.timeline')}</h3>}>
            <CaseTimeline entries={view.timeline} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
