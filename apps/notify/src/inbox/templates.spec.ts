import { LANGUAGES, NOTIFICATION_KINDS } from '#libs/contracts';
import { render } from './templates.js';

describe('templates', () => {
  const params = {
    reference: 'DM-2026-000123',
    role: 'lead' as const,
    deadline: 'rectify' as const,
    fraction: 0.8,
    level: 2,
    dueAt: '2026-12-01T02:00:00Z',
    approved: true,
    status: 'CLOSED',
    source: 'report',
    year: 2027,
  };
  /** Notices about no one case (a missing calendar year, a unit's digest) name what they are about instead. */
  const CASELESS = new Set(['calendar-missing', 'daily-digest']);
  const caseKinds = NOTIFICATION_KINDS.filter((kind) => !CASELESS.has(kind));

  it.each(LANGUAGES.flatMap((language) => caseKinds.map((kind) => [language, kind] as const)))(
    '%s %s names the case by its reference and leaves nothing blank',
    (language, kind) => {
      const { title, body } = render(kind, params, language, 'Asia/Shanghai');
      expect(title).toContain(params.reference);
      expect(body).toContain(params.reference);
      expect(`${title} ${body}`).not.toMatch(/undefined|NaN|null/);
    },
  );

  it.each(LANGUAGES)('%s calendar-missing names the year and leaves nothing blank', (language) => {
    const { title, body } = render('calendar-missing', { year: 2027 }, language, 'Asia/Shanghai');
    expect(title).toContain('2027');
    expect(body).toContain('2027');
    expect(`${title} ${body}`).not.toMatch(/undefined|NaN|null/);
  });

  it.each(LANGUAGES)('%s daily-digest counts the open and overdue tasks and lists them by reference', (language) => {
    const digest = {
      day: '2026-12-01',
      open: 2,
      overdue: 1,
      tasks: [
        { reference: 'DM-2026-000007', deadline: 'rectify' as const, dueAt: '2026-11-30T02:00:00Z', overdue: true },
        { reference: 'DM-2026-000009', deadline: 'ack' as const, dueAt: null, overdue: false },
      ],
    };
    const { title, body } = render('daily-digest', digest, language, 'Asia/Shanghai');
    expect(title).toMatch(language === 'en' ? /2026-12-01.*2 open.*1 overdue/ : /2026-12-01.*在办 2 件.*超期 1 件/);
    expect(body.split('\n')).toHaveLength(3);
    expect(body).toContain('DM-2026-000007');
    expect(body).toContain('2026-11-30 10:00');
    expect(body).toContain('DM-2026-000009');
    expect(`${title} ${body}`).not.toMatch(/undefined|NaN|null/);
  });

  it('writes in the recipient language and the county zone', () => {
    const zh = render('escalation', params, 'zh-CN', 'Asia/Shanghai');
    expect(zh.title).toBe('案件 DM-2026-000123 整改超时，升级督办（第 2 级）');
    const en = render('reminder', params, 'en', 'Asia/Shanghai');
    expect(en.title).toBe('Reminder: rectification of case DM-2026-000123 due 2026-12-01 10:00 GMT+8');
    expect(render('reminder', params, 'zh-CN', 'Asia/Shanghai').body).toContain('80%');
  });

  it('says whether an extension was approved', () => {
    expect(render('extension-decided', { ...params, approved: false }, 'en', 'UTC').title).toBe(
      'Extension refused for case DM-2026-000123',
    );
    expect(render('extension-decided', params, 'zh-CN', 'UTC').title).toContain('已批准');
  });
});
