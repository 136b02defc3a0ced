import { Alert, Form, Input, Radio, Select, Space } from 'antd';
import { useState } from 'react';
import { post } from '../api.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../shell/session.js';
import { CommandForm } from '../shared/command-form.js';
import { useDirectory } from '../shared/directory.js';
import { formatTime } from '../shared/time.js';
import { CATEGORIES, RISK_LEVELS, SCREEN_DECISIONS, SEVERITIES } from '../vocabulary.js';
import type { CaseView } from '../cases/case-types.js';

interface Proposal {
  leadUnitId: string;
  assistingUnitIds: string[];
}

const ASSIGNABLE = ['REPORTED', 'FORWARDED', 'ASSESSED', 'TRANSFERRED'];

/** The county's steps on a case: the bureau screens; the task force assesses, assigns, verifies, decides extensions. */
export function CountyActions({ view, onDone }: { view: CaseView; onDone: () => void }) {
  const { t, label, language } = useI18n();
  const { user } = useSession();
  const { units, nameOf } = useDirectory();
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const path = `/api/cases/${view.id}`;
  const unitOptions = units.map((unit) => ({ value: unit.id, label: unit.name }));

  if (user?.role === 'bureau_reviewer' && view.status === 'REPORTED') {
    return (
      <CommandForm
        title={t('case.screen')}
        submit={t('case.screen')}
        run={(values) => post(`${path}/screen`, values)}
        onDone={onDone}
        initialValues={{ decision: 'forward' }}
      >
        <Form.Item name="decision" label={t('case.screenDecision')} rules={[{ required: true }]}>
          <Radio.Group options={SCREEN_DECISIONS.map((value) => ({ value, label: label('screen', value) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('case.reason')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </CommandForm>
    );
  }
  if (user?.role !== 'taskforce_dispatcher') return null;

  const pendingExtensions = view.tasks.flatMap((task) =>
    task.extensions.filter((extension) => extension.status === 'pending').map((extension) => ({ task, extension })),
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {(view.status === 'REPORTED' || view.status === 'FORWARDED') && (
        <CommandForm
          title={t('case.assess')}
          submit={t('case.assess')}
          initialValues={{ category: view.category, severity: view.severity, riskLevel: 'medium' }}
          run={async (values: Record<string, string>) => {
            const assessed = await post<{ proposal: Proposal | null }>(`${path}/assess`, values);
            setProposal(assessed.proposal);
          }}
          onDone={onDone}
          testId="assess"
        >
          <Form.Item name="category" label={t('report.category')} rules={[{ required: true }]}>
            <Select options={CATEGORIES.map((value) => ({ value, label: label('category', value) }))} />
          </Form.Item>
          <Form.Item name="severity" label={t('report.severity')} rules={[{ required: true }]}>
            <Select options={SEVERITIES.map((value) => ({ value, label: label('severity', value) }))} />
          </Form.Item>
          <Form.Item name="riskLevel" label={t('case.riskLevel')} rules={[{ required: true }]}>
            <Select options={RISK_LEVELS.map((value) => ({ value, label: label('risk', value) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('case.note')}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </CommandForm>
      )}
      {ASSIGNABLE.includes(view.status) && (
        <CommandForm
          // A new proposal remounts the form with it filled in.
          key={proposal ? `${proposal.leadUnitId}:${proposal.assistingUnitIds.join(',')}` : 'none'}
          title={t('case.assign')}
          submit={t('case.assign')}
          initialValues={{
            leadUnitId: proposal?.leadUnitId,
            assistingUnitIds: proposal?.assistingUnitIds ?? [],
            severity: view.severity,
          }}
          run={(values) => post(`${path}/assign`, values)}
          onDone={onDone}
          testId="assign"
        >
          {proposal && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('case.proposal', {
                lead: nameOf(proposal.leadUnitId),
                assisting: proposal.assistingUnitIds.map(nameOf).join('、') || t('app.none'),
              })}
            />
          )}
          <Form.Item name="leadUnitId" label={t('case.lead')} rules={[{ required: true }]}>
            <Select options={unitOptions} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          <Form.Item name="assistingUnitIds" label={t('case.assisting')}>
            <Select mode="multiple" options={unitOptions} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          <Form.Item name="severity" label={t('report.severity')} rules={[{ required: true }]}>
            <Select options={SEVERITIES.map((value) => ({ value, label: label('severity', value) }))} />
          </Form.Item>
        </CommandForm>
      )}
      {view.status === 'RECTIFIED' && (
        <>
          <CommandForm
            title={t('case.verify')}
            submit={t('case.verify')}
            run={(values) => post(`${path}/verify`, values)}
            onDone={onDone}
            testId="verify"
          >
            <Form.Item name="note" label={t('case.verifyNote')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </CommandForm>
          <CommandForm
            title={t('case.reopen')}
            submit={t('case.reopen')}
            danger
            run={(values) => post(`${path}/reopen`, values)}
            onDone={onDone}
          >
            <Form.Item name="reason" label={t('case.reason')} rules={[{ required: true, whitespace: true }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </CommandForm>
        </>
      )}
      {pendingExtensions.map(({ task, extension }) => (
        <CommandForm
          key={extension.id}
          title={`${t('case.decideExtension')} · ${nameOf(task.unitId)} → ${formatTime(extension.requestedDueAt, language)}`}
          submit={t('app.submit')}
          initialValues={{ approve: true }}
          run={(values) => post(`/api/extensions/${extension.id}/decision`, values)}
          onDone={onDone}
        >
          <Alert type="info" style={{ marginBottom: 12 }} title={extension.reason} />
          <Form.Item name="approve" label={t('case.decideExtension')}>
            <Radio.Group
              options={[
                { value: true, label: t('case.approve') },
                { value: false, label: t('case.refuse') },
              ]}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('case.reason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </CommandForm>
      ))}
    </Space>
  );
}
