import { BellOutlined, LogoutOutlined } from '@ant-design/icons';
import { Badge, Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { type ReactNode, Suspense, useEffect, useState } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { get, type Role, signOut } from '../api.js';
import { type MessageKey, useI18n } from '../i18n.js';
import { LanguageSwitch } from './language-switch.js';
import { useSession } from './session.js';

/** The second factor's page, last in the menu of each role that may set one up. */
const SECURITY = { to: '/me/security', key: 'security.nav' } as const;
/** The administrator's reference data, in one drop-down so the bar never overflows. */
const CONFIG = 'config.nav' satisfies MessageKey;

/** A menu entry; entries of one `group` are shown together as a drop-down where the first of them is. */
interface MenuEntry {
  to: string;
  key: MessageKey;
  group?: MessageKey;
}

/** Each role's menu: its daily work first. */
const MENUS: Record<Role, MenuEntry[]> = {
  school_reporter: [
    { to: '/school/reports', key: 'nav.reports' },
    { to: '/school/reports/new', key: 'nav.newReport' },
  ],
  department_handler: [{ to: '/tasks', key: 'nav.tasks' }, SECURITY],
  department_head: [{ to: '/tasks', key: 'nav.tasks' }, SECURITY],
  taskforce_dispatcher: [
    { to: '/cases', key: 'nav.cases' },
    { to: '/tips', key: 'nav.tips' },
    { to: '/dashboard', key: 'nav.dashboard' },
    SECURITY,
  ],
  bureau_reviewer: [{ to: '/cases', key: 'nav.cases' }],
  supervisor: [
    { to: '/dashboard', key: 'nav.dashboard' },
    { to: '/cases', key: 'nav.cases' },
    { to: '/tips', key: 'nav.tips' },
    SECURITY,
  ],
  inspector: [
    { to: '/inspections', key: 'inspect.nav' },
    { to: '/inspections/checklist', key: 'inspect.navChecklist' },
  ],
  administrator: [
    { to: '/admin/users', key: 'nav.users' },
    { to: '/admin/sla', key: 'nav.sla' },
    { to: '/cases', key: 'nav.cases' },
    { to: '/dashboard', key: 'nav.dashboard' },
    { to: '/admin/organisations', key: 'orgs.nav', group: CONFIG },
    { to: '/admin/calendars', key: 'calendar.nav', group: CONFIG },
    { to: '/admin/routing-rules', key: 'routing.nav', group: CONFIG },
    { to: '/admin/escalation', key: 'escalation.nav', group: CONFIG },
    { to: '/admin/rubric', key: 'rubric.nav', group: CONFIG },
    { to: '/admin/life-safety-terms', key: 'terms.nav', group: CONFIG },
    SECURITY,
  ],
};

/** The county desk's screens, after each role's daily work. */
const DESK_MENUS: Partial<Record<Role, Array<{ to: string; key: MessageKey }>>> = {
  school_reporter: [
    { to: '/ledger', key: 'ledger.menu' },
    { to: '/grades', key: 'grades.menu' },
  ],
  department_handler: [{ to: '/ledger', key: 'ledger.menu' }],
  department_head: [{ to: '/ledger', key: 'ledger.menu' }],
  taskforce_dispatcher: [
    { to: '/ledger', key: 'ledger.menu' },
    { to: '/escalations', key: 'escalations.menu' },
    { to: '/reviews', key: 'review.menu' },
    { to: '/grades', key: 'grades.menu' },
  ],
  bureau_reviewer: [
    { to: '/ledger', key: 'ledger.menu' },
    { to: '/grades', key: 'grades.menu' },
  ],
  supervisor: [
    { to: '/escalations', key: 'escalations.menu' },
    { to: '/ledger', key: 'ledger.menu' },
    { to: '/reviews', key: 'review.menu' },
    { to: '/grades', key: 'grades.menu' },
  ],
  inspector: [{ to: '/grades', key: 'grades.menu' }],
  administrator: [
    { to: '/ledger', key: 'ledger.menu' },
    { to: '/reviews', key: 'review.menu' },
    { to: '/grades', key: 'grades.menu' },
    { to: '/admin/appeals', key: 'appeals.nav' },
  ],
};

/** The unread count, asked again every 30 s and whenever the page changes. */
function useUnreadCount(path: string): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    const ask = () =>
      get<{ count: number }>('/api/inbox/unread-count').then(
        (answer) => live && setCount(answer.count),
        () => undefined,
      );
    void ask();
    const timer = setInterval(() => void ask(), 30_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [path]);
  return count;
}

type MenuItem = { key: string; label: ReactNode; children?: MenuItem[] };

/** The menu's items: links, and a drop-down for each group of entries. */
function menuItems(entries: MenuEntry[], t: (key: MessageKey) => string): MenuItem[] {
  const items: MenuItem[] = [];
  for (const entry of entries) {
    const link = { key: entry.to, label: <Link to={entry.to}>{t(entry.key)}</Link> };
    if (!entry.group) {
      items.push(link);
      continue;
    }
    let group = items.find((item) => item.key === entry.group);
    if (!group) {
      group = { key: entry.group, label: t(entry.group), children: [] };
      items.push(group);
    }
    group.children!.push(link);
  }
  return items;
}

export function Shell() {
  const { t, label } = useI18n();
  const { user } = useSession();
  const location = useLocation();
  const unread = useUnreadCount(location.pathname);
  if (!user) return <Navigate to="/login" state={{ from: location.pathname }} replace />;
  const menu = [...MENUS[user.role], ...(DESK_MENUS[user.role] ?? [])];
  const selected = menu
    .filter((item) => location.pathname === item.to || location.pathname.startsWith(`${item.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0]?.to;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="cw-header">
        <Link to="/" className="cw-brand">
          {t('app.title')}
        </Link>
        <nav aria-label={t('app.menu')} className="cw-nav">
          {/* No overflow drop-down: it hides entries behind aria-hidden yet keeps their links focusable; the bar wraps instead. */}
          <Menu
            mode="horizontal"
            theme="dark"
            disabledOverflow
            selectedKeys={selected ? [selected] : []}
            items={menuItems(menu, t)}
          />
        </nav>
        <Space size="small" className="cw-tools">
          <Link to="/inbox" aria-label={t('app.unread', { count: unread })}>
            <Badge count={unread} size="small">
              <BellOutlined style={{ fontSize: 18, color: '#fff' }} />
            </Badge>
          </Link>
          <Typography.Text className="cw-user">
            {user.username} · {label('role', user.role)}
          </Typography.Text>
          <LanguageSwitch />
          <Button size="small" icon={<LogoutOutlined />} onClick={() => void signOut()}>
            {t('app.signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content className="cw-content">
        <main>
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </main>
        <Typography.Paragraph type="secondary" style={{ marginTop: 24, fontSize: 12 }}>
          {t('app.timeZone')}
        </Typography.Paragraph>
      </Layout.Content>
    </Layout>
  );
}
