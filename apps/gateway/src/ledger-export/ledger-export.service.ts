import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { APP_CONFIG } from '#libs/config';
import { type LedgerPage, type LedgerRow, RpcPattern } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { RpcClient } from '#libs/messaging';
import type { GatewayConfig } from '../config.js';
import { csvLine, UTF8_BOM } from './csv-cell.js';
import { cellsOf, EXPORT_LANGUAGES, type ExportLanguage, headersIn } from './ledger-columns.js';

/**
 * Rows per request to dispatch: some 60 KB of JSON. Kept below V8's large-object size (128 KB), as
 * every string written is: large objects are freed only by a full collection, so bigger pages and
 * chunks made the process grow by the size of the ledger before one ran.
 */
export const EXPORT_PAGE_SIZE = 100;

export interface LedgerExport {
  fileName: string;
  asciiFileName: string;
  contentType: string;
  body: Readable;
}

/**
 * The ledger as CSV or XLSX, written while it is read: dispatch is asked a page at a time (its
 * keyset cursor), each page is written out before the next is asked for, and the next waits while
 * the client is slow to read, so memory does not grow with the ledger. The first page is read
 * before anything is sent, so bad filters and wrong callers still get their 4xx answer.
 */
@Injectable()
export class LedgerExportService {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async export(format: 'csv' | 'xlsx', query: Record<string, unknown>, authorization?: string): Promise<LedgerExport> {
    const { lang = 'zh', ...filters } = query;
    if (typeof lang !== 'string' || !(EXPORT_LANGUAGES as readonly string[]).includes(lang)) {
      throw AppError.badRequest(`lang: must be one of ${EXPORT_LANGUAGES.join(', ')}`, 'lang');
    }
    for (const field of ['cursor', 'limit']) {
      if (field in filters) throw AppError.badRequest(`${field}: an export has every row; leave it out`, field);
    }
    const fetchPage = (cursor?: string) =>
      this.rpc.request<LedgerPage>(
        RpcPattern.DispatchExportLedgerPage,
        { ...filters, limit: EXPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
        { authorization },
      );
    const first = await fetchPage();
    const pages = async function* () {
      let page = first;
      for (;;) {
        yield page.items;
        if (!page.nextCursor) return;
        page = await fetchPage(page.nextCursor);
      }
    };
    const context = { zone: this.config.COUNTY_TIMEZONE, lang: lang as ExportLanguage };
    const stamp = DateTime.now().setZone(context.zone).toFormat('yyyyMMdd-HHmm');
    const names = { fileName: `台账-${stamp}.${format}`, asciiFileName: `ledger-${stamp}.${format}` };
    if (format === 'csv') {
      return { ...names, contentType: 'text/csv; charset=utf-8', body: Readable.from(csvLines(pages(), context)) };
    }
    return {
      ...names,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body: xlsxStream(pages(), context),
    };
  }
}

async function* csvLines(pages: AsyncIterable<LedgerRow[]>, context: { zone: string; lang: ExportLanguage }) {
  yield UTF8_BOM + csvLine(headersIn(context.lang));
  // A line at a time: small strings die young; `Readable.from` pulls the next only when the client reads.
  for await (const rows of pages) for (const row of rows) yield csvLine(cellsOf(row, context));
}

/** exceljs's streaming writer: each row is committed (written out of memory) as it comes. */
function xlsxStream(pages: AsyncIterable<LedgerRow[]>, context: { zone: string; lang: ExportLanguage }): Readable {
  const out = new PassThrough();
  const write = async () => {
    // Loaded on the first export, not at boot: exceljs is about 28 MB and a third of a second to load.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const sheet = workbook.addWorksheet(context.lang === 'zh' ? '台账' : 'Ledger');
    sheet.columns = headersIn(context.lang).map((header) => ({ header }));
    for await (const rows of pages) {
      for (const row of rows) sheet.addRow(cellsOf(row, context)).commit();
      // The client reads slower than dispatch answers: wait rather than buffer the ledger.
      if (out.writableNeedDrain) await drainedOrClosed(out);
      // The client went away: ask dispatch for nothing more.
      if (out.destroyed) return;
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

/** Until the stream wants more, or is gone; the listener left over is removed either way. */
async function drainedOrClosed(stream: PassThrough): Promise<void> {
  const done = new AbortController();
  const waits = [once(stream, 'drain', { signal: done.signal }), once(stream, 'close', { signal: done.signal })];
  try {
    await Promise.race(waits);
  } catch {
    // an error on the stream: the caller sees it destroyed
  } finally {
    done.abort();
    for (const wait of waits) wait.catch(() => undefined);
  }
}
