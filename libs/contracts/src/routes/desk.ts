import { z } from 'zod';
import { ledgerExportPageRequest, listLedgerRequest, statsPeriodRequest } from '../ledger.js';
import { getBiweeklyReviewRequest, makeBiweeklyReviewRequest, RpcPattern } from '../rpc.js';
import {
  caseSourceSchema,
  caseStatusSchema,
  categorySchema,
  riskLevelSchema,
  severitySchema,
  taskRoleSchema,
} from '../vocabulary.js';
import { defineRoute, RouteErrors as E } from './route.js';
import { base64File, instant, pageView, uuid } from './views.js';

/*
 * The county's desk: the ledger (台账) and its exports, the statistics, and the biweekly risk review
 * (每两周研判). Dispatch answers all of them from its own data.
 */

const area = 'desk';
const COUNTY = ['taskforce_dispatcher', 'supervisor', 'administrator'] as const;
const LEDGER_READERS = [
  'taskforce_dispatcher',
  'supervisor',
  'administrator',
  'bureau_reviewer',
  'department_handler',
  'department_head',
  'school_reporter',
] as const;
/** Making a review and drawing its files do some work on purpose. */
const LONG_WORK_MS = 60_000;

const ledgerRowView = z.object({
  caseId: uuid,
  reference: z.string(),
  reportedAt: instant,
  schoolId: uuid.nullable(),
  schoolName: z.string().nullable(),
  category: z.string().describe('a category code'),
  severity: z.string().describe('a severity code'),
  source: z.string().describe('a case source code'),
  caseStatus: z.string().describe('a case status'),
  taskId: uuid.nullable(),
  unitId: uuid.nullable(),
  unitName: z.string().nullable(),
  role: taskRoleSchema.nullable(),
  taskStatus: z.string().nullable(),
  ackDueAt: instant.nullable(),
  acknowledgedAt: instant.nullable(),
  rectifyDueAt: instant.nullable(),
  rectifiedAt: instant.nullable(),
  overdue: z.boolean(),
  extensionStatus: z.string().nullable(),
  extensionDueAt: instant.nullable(),
  extensionsAsked: z.number().int(),
});

const onTime = z.object({ count: z.number().int(), of: z.number().int(), rate: z.number().nullable() });
const count = z.number().int();

export const unitStatsView = z.object({
  from: instant,
  to: instant,
  items: z.array(
    z.object({
      unitId: uuid,
      unitName: z.string().nullable(),
      tasks: count,
      declined: count,
      acknowledgedOnTime: onTime,
      rectifiedOnTime: onTime,
      medianSecondsToAcknowledge: z.number().nullable(),
      medianSecondsToRectify: z.number().nullable(),
      extensions: z.object({ asked: count, granted: count }),
      breaches: z.object({ ack: count, rectify: count, total: count }),
      escalations: z.record(z.string(), count).describe('escalations by level'),
    }),
  ),
});

export const overviewStatsView = z.object({
  from: instant,
  to: instant,
  cases: count,
  byCategory: z.array(z.object({ category: categorySchema, cases: count })),
  byStatus: z.array(z.object({ status: caseStatusSchema, cases: count })),
  bySource: z.array(z.object({ source: caseSourceSchema, cases: count })),
  topSchools: z.array(z.object({ schoolId: uuid.nullable(), schoolName: z.string().nullable(), cases: count })),
  weekly: z.array(z.object({ weekStart: z.string(), opened: count, closed: count, overdue: count })),
});

/** The review as made (a snapshot): its sections are lists of cases, units and schools by code and reference. */
const caseLine = z.object({
  caseId: uuid,
  reference: z.string(),
  category: categorySchema,
  severity: severitySchema,
  status: caseStatusSchema,
  schoolCode: z.string().nullable(),
  schoolName: z.string().nullable(),
  reportedAt: instant,
});
const categoryTrend = z.object({ category: categorySchema, label: z.string(), current: count, previous: count });
export const reviewView = z.object({
  periodStart: z.string(),
  periodEnd: z.string(),
  previousPeriodStart: z.string(),
  madeAt: instant,
  madeBy: z.string().describe('`schedule`, or the id of the task force member who made it'),
  newCases: z.object({ count, items: z.array(caseLine) }),
  closedCases: z.object({ count, items: z.array(caseLine.extend({ closedAt: instant })) }),
  byCategory: z.array(categoryTrend),
  risingCategories: z.array(categoryTrend),
  overdueByUnit: z.array(
    z.object({
      unitId: uuid,
      unitCode: z.string(),
      unitName: z.string(),
      acknowledge: count,
      rectify: count,
      total: count,
      tasks: z.array(
        z.object({ taskId: uuid, caseReference: z.string(), deadline: z.enum(['ack', 'rectify']), dueAt: instant }),
      ),
    }),
  ),
  repeatedSchools: z.array(
    z.object({
      schoolId: uuid,
      schoolCode: z.string().nullable(),
      schoolName: z.string().nullable(),
      cases: count,
      references: z.array(z.string()),
    }),
  ),
  lifeSafety: z.array(caseLine),
  openItems: z.array(
    caseLine.extend({
      riskLevel: riskLevelSchema.nullable(),
      reasons: z.array(z.enum(['overdue', 'escalated', 'high-risk'])),
    }),
  ),
});
/** The views as the console reads them (JSON: instants as strings). */
export type ReviewView = z.output<typeof reviewView>;
export type UnitStatsView = z.output<typeof unitStatsView>;
export type OverviewStatsView = z.output<typeof overviewStatsView>;

export const DeskRoutes = {
  DispatchListLedger: defineRoute({
    method: 'GET',
    path: '/api/ledger',
    summary:
      'The ledger (台账): a row per task, newest case first; the county, a unit its own tasks, a school its own cases',
    area,
    handler: 'forward',
    rpc: RpcPattern.DispatchListLedger,
    access: LEDGER_READERS,
    payload: { query: true },
    request: listLedgerRequest,
    response: pageView(ledgerRowView).extend({ total: count }),
    status: 200,
  }),
  DispatchLedgerCsv: defineRoute({
    method: 'GET',
    path: '/api/ledger.csv',
    summary: 'The ledger as CSV (UTF-8 with a BOM, county time, Chinese headers unless ?lang=en), streamed',
    area,
    handler: 'gateway',
    rpc: RpcPattern.DispatchExportLedgerPage,
    access: LEDGER_READERS,
    payload: { query: true },
    request: ledgerExportPageRequest,
    response: pageView(ledgerRowView),
    answer: { kind: 'stream', contentType: 'text/csv; charset=utf-8' },
    status: 200,
  }),
  DispatchLedgerXlsx: defineRoute({
    method: 'GET',
    path: '/api/ledger.xlsx',
    summary: 'The ledger as an Excel workbook (county time, Chinese headers unless ?lang=en), streamed',
    area,
    handler: 'gateway',
    rpc: RpcPattern.DispatchExportLedgerPage,
    access: LEDGER_READERS,
    payload: { query: true },
    request: ledgerExportPageRequest,
    response: pageView(ledgerRowView),
    answer: { kind: 'stream', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    status: 200,
  }),
  DispatchUnitStats: defineRoute({
    method: 'GET',
    path: '/api/stats/units',
    summary: 'Per unit: tasks, on-time rates, median times, extensions, breaches and escalations by level',
    area,
    handler: 'forward',
    rpc: RpcPattern.DispatchUnitStats,
    access: COUNTY,
    payload: { query: true },
    request: statsPeriodRequest,
    response: unitStatsView,
    status: 200,
  }),
  DispatchOverviewStats: defineRoute({
    method: 'GET',
    path: '/api/stats/overview',
    summary: 'Cases by category, status, source and school, and a weekly series of opened, closed and overdue',
    area,
    handler: 'forward',
    rpc: RpcPattern.DispatchOverviewStats,
    access: COUNTY,
    payload: { query: true },
    request: statsPeriodRequest,
    response: overviewStatsView,
    status: 200,
  }),
  DispatchMakeBiweeklyReview: defineRoute({
    method: 'POST',
    path: '/api/reviews/biweekly',
    summary:
      "Makes a fortnight's risk review (the last complete one unless periodStart); one already made is answered unchanged",
    area,
    handler: 'forward',
    rpc: RpcPattern.DispatchMakeBiweeklyReview,
    access: ['taskforce_dispatcher'],
    payload: { body: 'optional' },
    timeoutMs: LONG_WORK_MS,
    request: makeBiweeklyReviewRequest,
    response: reviewView.extend({ created: z.boolean() }),
    status: 200,
  }),
  DispatchGetBiweeklyReview: defineRoute({
    method: 'GET',
    path: '/api/reviews/biweekly/:periodStart',
    summary: "A fortnight's risk review",
    area,
    handler: 'forward',
    rpc: RpcPattern.DispatchGetBiweeklyReview,
    access: COUNTY,
    payload: { params: { periodStart: 'periodStart' }, fixed: { format: 'json' } },
    request: getBiweeklyReviewRequest,
    response: reviewView,
    status: 200,
    errors: [E.notFound],
  }),
  DispatchGetBiweeklyReviewPdf: defineRoute({
    method: 'GET',
    path: '/api/reviews/biweekly/:periodStart.pdf',
    summary: "A fortnight's risk review as a PDF, with its chart",
    area,
    handler: 'forward',
    rpc: RpcPattern.DispatchGetBiweeklyReview,
    access: COUNTY,
    payload: { params: { periodStart: 'periodStart' }, fixed: { format: 'pdf' } },
    timeoutMs: LONG_WORK_MS,
    request: getBiweeklyReviewRequest,
    response: base64File,
    answer: { kind: 'file', contentType: 'application/pdf' },
    status: 200,
    errors: [E.notFound],
  }),
  DispatchGetBiweeklyReviewDocx: defineRoute({
    method: 'GET',
    path: '/api/reviews/biweekly/:periodStart.docx',
    summary: "A fortnight's risk review as a Word document, with its chart",
    area,
    handler: 'forward',
    rpc: RpcPattern.DispatchGetBiweeklyReview,
    access: COUNTY,
    payload: { params: { periodStart: 'periodStart' }, fixed: { format: 'docx' } },
    timeoutMs: LONG_WORK_MS,
    request: getBiweeklyReviewRequest,
    response: base64File,
    answer: { kind: 'file', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
    status: 200,
    errors: [E.notFound],
  }),
};
