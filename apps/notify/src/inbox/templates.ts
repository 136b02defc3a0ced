import { DateTime } from 'luxon';
import type { Language, NotificationKindName } from '#libs/contracts';

/** What a template may use: ids, codes and the case's reference, never a case's content. */
export interface TemplateParams {
  /** The case's reference; a notice about no case (a missing calendar year) has none. */
  reference?: string;
  year?: number;
  role?: 'lead' | 'assisting';
  deadline?: 'ack' | 'rectify';
  fraction?: number;
  level?: number;
  dueAt?: string;
  approved?: boolean;
  status?: string;
  source?: string;
  /** A daily digest: its county date, counts, and the most pressing tasks by reference. */
  day?: string;
  open?: number;
  overdue?: number;
  tasks?: Array<{ reference: string; deadline: 'ack' | 'rectify'; dueAt: string | null; overdue: boolean }>;
}

export interface Rendered {
  title: string;
  body: string;
}

type Template = (params: TemplateParams, at: (instant?: string) => string) => Rendered;

const zhDeadline = (deadline?: string) => (deadline === 'rectify' ? '整改' : '签收');
const enDeadline = (deadline?: string) => (deadline === 'rectify' ? 'rectification' : 'acknowledgement');
const percent = (fraction?: number) => `${Math.round((fraction ?? 0) * 100)}%`;

const ZH_STATUS: Record<string, string> = {
  FORWARDED: '已转交县工作专班',
  REJECTED: '未予立案',
  VERIFIED: '整改已核验',
  CLOSED: '已办结',
};

/** One template per kind and language; the title names the case by its reference only. */
const TEMPLATES: Record<Language, Record<NotificationKindName, Template>> = {
  'zh-CN': {
    'task-assigned': (p, at) => ({
      title: `案件 ${p.reference} 交办${p.role === 'lead' ? '牵头' : '协办'}任务，请签收`,
      body: `贵单位收到案件 ${p.reference} 的${p.role === 'lead' ? '牵头' : '协办'}任务，请于 ${at(p.dueAt)} 前报到签收。`,
    }),
    'ack-overdue': (p) => ({
      title: `案件 ${p.reference} 签收超时`,
      body: `案件 ${p.reference} 的任务未在时限内签收，请督办。`,
    }),
    reminder: (p, at) => ({
      title: `案件 ${p.reference} ${zhDeadline(p.deadline)}时限提醒`,
      body: `案件 ${p.reference} 的${zhDeadline(p.deadline)}时限已过 ${percent(p.fraction)}，截止 ${at(p.dueAt)}。`,
    }),
    'rectify-overdue': (p) => ({
      title: `案件 ${p.reference} 整改超时`,
      body: `案件 ${p.reference} 未在整改时限内完成整改。`,
    }),
    escalation: (p) => ({
      title: `案件 ${p.reference} ${zhDeadline(p.deadline)}超时，升级督办（第 ${p.level} 级）`,
      body: `案件 ${p.reference} 的${zhDeadline(p.deadline)}已超时，现升级至第 ${p.level} 级督办，请立即处理。`,
    }),
    'extension-requested': (p, at) => ({
      title: `案件 ${p.reference} 申请延期`,
      body: `责任单位申请将案件 ${p.reference} 的时限延至 ${at(p.dueAt)}，请审批。`,
    }),
    'extension-decided': (p, at) => ({
      title: `案件 ${p.reference} 延期申请${p.approved ? '已批准' : '未批准'}`,
      body: p.approved
        ? `案件 ${p.reference} 的时限已延至 ${at(p.dueAt)}。`
        : `案件 ${p.reference} 的延期申请未获批准，时限仍为 ${at(p.dueAt)}。`,
    }),
    'case-update': (p) => ({
      title: `案件 ${p.reference} ${ZH_STATUS[p.status ?? ''] ?? '状态更新'}`,
      body: `您学校上报的案件 ${p.reference} 状态已更新：${ZH_STATUS[p.status ?? ''] ?? p.status}。`,
    }),
    'life-safety': (p) => ({
      title: `紧急：${p.reference} 涉及生命安全`,
      body: `${p.source === 'tip' ? '举报' : '学校上报'} ${p.reference} 命中生命安全关键词，请立即研判处置。`,
    }),
    supervision: (p) => ({
      title: `案件 ${p.reference} 列入跟踪督办`,
      body: `学校等级下降，已开立督办案件 ${p.reference}，请重点关注。`,
    }),
    'calendar-missing': (p) => ({
      title: `缺少 ${p.year} 年工作日历`,
      body: `有期限落在 ${p.year} 年，但尚未载入该年的县工作日历，暂按自然日计算。请载入 ${p.year} 年日历，相关期限将按工作日重新计算。`,
    }),
    'daily-digest': (p, at) => ({
      title: `${p.day} 每日待办：在办 ${p.open} 件，超期 ${p.overdue} 件`,
      body: [
        `贵单位今日在办任务 ${p.open} 件，其中超期 ${p.overdue} 件：`,
        ...(p.tasks ?? []).map(
          (t) =>
            `· ${t.reference} ${zhDeadline(t.deadline)}截止 ${at(t.dueAt ?? undefined)}${t.overdue ? '（已超期）' : ''}`,
        ),
      ].join('\n'),
    }),
  },
  en: {
    'task-assigned': (p, at) => ({
      title: `New ${p.role === 'lead' ? 'lead' : 'assisting'} task for case ${p.reference}: please acknowledge`,
      body: `Your unit has a ${p.role === 'lead' ? 'lead' : 'assisting'} task for case ${p.reference}. Please acknowledge by ${at(p.dueAt)}.`,
    }),
    'ack-overdue': (p) => ({
      title: `Acknowledgement overdue for case ${p.reference}`,
      body: `A task for case ${p.reference} was not acknowledged in time.`,
    }),
    reminder: (p, at) => ({
      title: `Reminder: ${enDeadline(p.deadline)} of case ${p.reference} due ${at(p.dueAt)}`,
      body: `${percent(p.fraction)} of the ${enDeadline(p.deadline)} window of case ${p.reference} has passed; it is due ${at(p.dueAt)}.`,
    }),
    'rectify-overdue': (p) => ({
      title: `Rectification overdue for case ${p.reference}`,
      body: `Case ${p.reference} was not rectified in time.`,
    }),
    escalation: (p) => ({
      title: `Case ${p.reference} escalated (level ${p.level}): ${enDeadline(p.deadline)} overdue`,
      body: `The ${enDeadline(p.deadline)} of case ${p.reference} is overdue and has been escalated to level ${p.level}. Please act now.`,
    }),
    'extension-requested': (p, at) => ({
      title: `Extension requested for case ${p.reference}`,
      body: `A unit asks to extend the deadline of case ${p.reference} to ${at(p.dueAt)}. Please decide.`,
    }),
    'extension-decided': (p, at) => ({
      title: `Extension ${p.approved ? 'approved' : 'refused'} for case ${p.reference}`,
      body: p.approved
        ? `The deadline of case ${p.reference} is now ${at(p.dueAt)}.`
        : `The extension for case ${p.reference} was refused; the deadline stays ${at(p.dueAt)}.`,
    }),
    'case-update': (p) => ({
      title: `Case ${p.reference} is now ${p.status}`,
      body: `The case ${p.reference} your school reported is now ${p.status}.`,
    }),
    'life-safety': (p) => ({
      title: `URGENT: life-safety alert on ${p.reference}`,
      body: `The ${p.source === 'tip' ? 'tip' : 'report'} ${p.reference} matched a life-safety term. Please assess it now.`,
    }),
    supervision: (p) => ({
      title: `Case ${p.reference} opened for tracked supervision`,
      body: `A school's tier fell; supervision case ${p.reference} was opened for key attention.`,
    }),
    'calendar-missing': (p) => ({
      title: `The ${p.year} working calendar is missing`,
      body: `A deadline falls in ${p.year}, for which the county calendar is not loaded; it is counted in calendar days until the ${p.year} calendar is loaded, when it is counted again in working days.`,
    }),
    'daily-digest': (p, at) => ({
      title: `Daily digest ${p.day}: ${p.open} open tasks, ${p.overdue} overdue`,
      body: [
        `Your unit has ${p.open} open tasks today, ${p.overdue} of them overdue:`,
        ...(p.tasks ?? []).map(
          (t) =>
            `- ${t.reference}: ${enDeadline(t.deadline)} due ${at(t.dueAt ?? undefined)}${t.overdue ? ' (overdue)' : ''}`,
        ),
      ].join('\n'),
    }),
  },
};

/** The message of a kind in a language; instants are written in the county's zone. */
export function render(kind: NotificationKindName, params: TemplateParams, language: Language, zone: string): Rendered {
  const at = (instant?: string) =>
    instant
      ? DateTime.fromISO(instant, { zone }).toFormat(language === 'en' ? 'yyyy-MM-dd HH:mm ZZZZ' : 'yyyy-MM-dd HH:mm')
      : '—';
  return TEMPLATES[language][kind](params, at);
}
