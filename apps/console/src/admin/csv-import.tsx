import { UploadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Progress, Space, type TableColumnsType, Tag, Typography, Upload } from 'antd';
import { type ReactNode, useState } from 'react';
import { ApiError, post } from '../api.js';
import { useI18n } from '../i18n.js';
import { DataTable } from '../shared/data-table.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { csvChunks, decodeCsv } from './csv-chunks.js';

/** What the API says of every row of an import file. */
export interface ImportRowBase {
  row: number;
  status: 'created' | 'exists' | 'error';
  field?: string;
  message?: string;
}

/** Rows per request: the bar moves as each part is answered, and no request comes near the body limit. */
const CHUNK_ROWS = 200;
const STATUS_COLOURS = { created: '#237804', exists: '#595959', error: '#a8071a' } as const;

/** "row 3" in a refused part's message, as the file's row. */
function shifted(error: unknown, offset: number): unknown {
  if (!(error instanceof ApiError)) return error;
  const message = error.message.replace(/\brow (\d+)/, (_, row: string) => `row ${Number(row) + offset}`);
  return new ApiError(error.status, error.error, message, error.field);
}

/** A file made in the page (a template, a report) saved by the browser; a BOM so spreadsheets read it as UTF-8. */
export function downloadCsv(name: string, text: string) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv' }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

/**
 * A CSV file sent to `endpoint` in parts of CHUNK_ROWS rows, with a bar as each is answered, then every
 * row's fate: its status, the page's own `columns` and its problem. A part the API cannot read stops
 * the import there: the parts before it are written (importing the corrected file again finds them).
 * `after` shows more from the whole report below the table (a users import's passwords).
 */
export function ImportCard<Row extends ImportRowBase>({
  title,
  hint,
  endpoint,
  template,
  columns,
  onDone,
  after,
}: {
  title: string;
  hint: string;
  endpoint: string;
  template: { name: string; text: string };
  columns: TableColumnsType<Row>;
  onDone: () => void;
  after?: (rows: Row[]) => ReactNode;
}) {
  const { t } = useI18n();
  const [file, setFile] = useState<File>();
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  const [rows, setRows] = useState<Row[]>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // A long file's report starts with its bad rows only.
  const [onlyErrors, setOnlyErrors] = useState(true);

  const start = async () => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    setRows(undefined);
    const chunks = csvChunks(decodeCsv(await file.arrayBuffer()), CHUNK_ROWS);
    const total = chunks.reduce((sum, chunk) => sum + chunk.records, 0);
    const report: Row[] = [];
    let done = 0;
    setProgress({ done, total });
    if (chunks.length === 0) setError(new Error(t('import.noRows')));
    for (const chunk of chunks) {
      try {
        const answer = await post<{ rows: Row[] }>(endpoint, { csv: chunk.text });
        report.push(...answer.rows.map((row) => ({ ...row, row: row.row + chunk.firstRow - 2 })));
      } catch (failure) {
        setError(shifted(failure, chunk.firstRow - 2));
        break;
      }
      done += chunk.records;
      setProgress({ done, total });
      setRows([...report]);
    }
    setBusy(false);
    onDone();
  };

  const count = (status: ImportRowBase['status']) => rows?.filter((row) => row.status === status).length ?? 0;
  const shown = onlyErrors && count('error') > 0 ? rows?.filter((row) => row.status === 'error') : rows;

  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{title}</h3>} data-testid="import">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {hint}
        </Typography.Paragraph>
        <Space wrap>
          <Upload
            accept=".csv,text/csv"
            maxCount={1}
            fileList={file ? [{ uid: 'csv', name: file.name }] : []}
            beforeUpload={(chosen) => {
              setFile(chosen);
              setRows(undefined);
              setProgress(undefined);
              return false;
            }}
            onRemove={() => setFile(undefined)}
          >
            <Button icon={<UploadOutlined />}>{t('import.chooseFile')}</Button>
          </Upload>
          <Button type="primary" disabled={!file} loading={busy} onClick={() => void start()}>
            {t('import.startImport')}
          </Button>
          <Button type="link" onClick={() => downloadCsv(template.name, template.text)}>
            {t('import.template')}
          </Button>
        </Space>
        {progress && (
          <Progress
            // "normal" at 100% too: the success colour's text is too pale on white.
            status={busy ? 'active' : 'normal'}
            percent={progress.total ? Math.round((progress.done / progress.total) * 100) : 100}
            aria-label={t('import.progress', progress)}
            format={() => t('import.progress', progress)}
          />
        )}
        <ErrorAlert error={error} />
        {rows && (
          <>
            <Typography.Text data-testid="import-summary">
              {t('import.summary', { created: count('created'), exists: count('exists'), errors: count('error') })}
            </Typography.Text>
            {count('error') > 0 && (
              <Checkbox checked={onlyErrors} onChange={(event) => setOnlyErrors(event.target.checked)}>
                {t('import.onlyErrors')}
              </Checkbox>
            )}
            <DataTable<Row>
              label={t('import.report')}
              rowKey="row"
              size="small"
              dataSource={shown}
              pagination={(shown?.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              columns={[
                { title: t('import.row'), dataIndex: 'row', width: 64 },
                {
                  title: t('report.status'),
                  dataIndex: 'status',
                  render: (status: Row['status']) => (
                    <Tag color={STATUS_COLOURS[status]} variant="solid">
                      {t(`import.status.${status}`)}
                    </Tag>
                  ),
                },
                ...columns,
                {
                  title: t('import.problem'),
                  dataIndex: 'message',
                  render: (message: string | undefined, row) =>
                    message ? `${row.field ? `${row.field}: ` : ''}${message}` : '—',
                },
              ]}
            />
            {after?.(rows)}
          </>
        )}
      </Space>
    </Card>
  );
}
