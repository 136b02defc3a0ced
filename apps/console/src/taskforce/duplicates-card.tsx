import { App, Button, Card, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, get, post } from '../api.js';
import type { CaseView } from '../cases/case-types.js';
import { type MessageKey, useI18n } from '../i18n.js';
import { useSession } from '../shell/session.js';
import { DataTable } from '../shared/data-table.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { StatusTag } from '../shared/status-tag.js';
import { useLoad } from '../shared/use-load.js';
import { FINAL_STATUSES } from '../vocabulary.js';

interface Candidate {
  caseId: string;
  source: 'report' | 'tip';
  score: number;
  reasons: string[];
}
/** A suggestion with its case, or none yet (a tip not triaged into a case). */
interface Suggestion extends Candidate {
  kase: CaseView | null;
}

/** Intake words its reasons in English; the console says them in the reader's language. */
const REASONS: Array<[RegExp, MessageKey]> = [
  [/^same school$/, 'merge.reason.sameSchool'],
  [/^school not given$/, 'merge.reason.noSchool'],
  [/^same category$/, 'merge.reason.sameCategory'],
  [/^(\d+) day\(s\) apart$/, 'merge.reason.daysApart'],
  [/^similar text \((\d+)%\)$/, 'merge.reason.similarText'],
];

async function suggestionsOf(caseId: string): Promise<Suggestion[]> {
  const candidates = await get<Candidate[]>(`/api/cases/${caseId}/duplicates`);
  return Promise.all(
    candidates.map(async (candidate) => {
      try {
        return { ...candidate, kase: await get<CaseView>(`/api/cases/${candidate.caseId}`) };
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return { ...candidate, kase: null };
        throw error;
      }
    }),
  );
}

/**
 * Reports and tips that may be the same matter as this case (`GET /api/cases/:id/duplicates`), for
 * the task force to merge (`POST /api/cases/:id/merge`, either way round) or dismiss; a supervisor
 * reads them. A tip not yet triaged has no case to merge: it links to the tip, to triage as a duplicate.
 */
export function DuplicatesCard({ view, onDone }: { view: CaseView; onDone: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const suggestions = useLoad(() => suggestionsOf(view.id), [view.id, view.status]);
  const [merging, setMerging] = useState<Suggestion | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ direction: 'in' | 'out'; reason: string }>();
  const mayAct = user?.role === 'taskforce_dispatcher' && !FINAL_STATUSES.includes(view.status);

  const reasonText = (reason: string) => {
    for (const [pattern, key] of REASONS) {
      const match = pattern.exec(reason);
      if (match) return t(key, { n: match[1] ?? '' });
    }
    return reason;
  };
  const act = async (run: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      void message.success(t('app.done'));
      setMerging(null);
      suggestions.reload();
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const merge = (target: Suggestion, values: { direction: 'in' | 'out'; reason: string }) =>
    act(() =>
      values.direction === 'in'
        ? post(`/api/cases/${target.caseId}/merge`, { intoCaseId: view.id, reason: values.reason })
        : post(`/api/cases/${view.id}/merge`, { intoCaseId: target.caseId, reason: values.reason }),
    );

  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('merge.title')}</h3>} data-testid="duplicates">
      <ErrorAlert error={suggestions.error ?? (merging ? undefined : error)} />
      <DataTable<Suggestion>
        label={t('merge.title')}
        rowKey="caseId"
        size="small"
        loading={suggestions.loading}
        dataSource={suggestions.data ?? []}
        locale={{ emptyText: <Typography.Text type="secondary">{t('merge.none')}</Typography.Text> }}
        columns={[
          {
            title: t('report.reference'),
            render: (_, row) =>
              row.kase ? (
                <Link to={`/cases/${row.caseId}`}>{row.kase.reference}</Link>
              ) : (
                <Link to={`/tips/${row.caseId}`}>{t('merge.tipNotCase')}</Link>
              ),
          },
          { title: t('cases.source'), dataIndex: 'source', render: (v: string) => label('source', v) },
          { title: t('report.status'), render: (_, row) => (row.kase ? <StatusTag status={row.kase.status} /> : '—') },
          { title: t('merge.score'), dataIndex: 'score', render: (score: number) => `${Math.round(score * 100)}%` },
          { title: t('merge.reasons'), render: (_, row) => row.reasons.map(reasonText).join('；') },
          ...(mayAct
            ? [
                {
                  title: t('case.actions'),
                  render: (_: unknown, row: Suggestion) => (
                    <Space wrap>
                      {row.kase && !FINAL_STATUSES.includes(row.kase.status) && (
                        <Button size="small" type="primary" onClick={() => setMerging(row)}>
                          {t('merge.merge')}
                        </Button>
                      )}
                      <Button
                        size="small"
                        loading={busy && !merging}
                        onClick={() => void act(() => post(`/api/cases/${view.id}/duplicates/${row.caseId}/dismiss`))}
                      >
                        {t('merge.dismiss')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={merging !== null}
        title={t('merge.confirmTitle', { reference: merging?.kase?.reference ?? '' })}
        okText={t('merge.merge')}
        cancelText={t('app.cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => {
          setMerging(null);
          setError(undefined);
        }}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        <Form
          form={form}
          name="merge"
          layout="vertical"
          initialValues={{ direction: 'in' }}
          onFinish={(values) => {
            if (merging) void merge(merging, values);
          }}
        >
          <Form.Item name="direction" label={t('merge.direction')}>
            <Radio.Group
              options={[
                { value: 'in', label: t('merge.intoThis', { reference: view.reference }) },
                { value: 'out', label: t('merge.thisInto', { reference: merging?.kase?.reference ?? '' }) },
              ]}
            />
          </Form.Item>
          <Form.Item name="reason" label={t('case.reason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
