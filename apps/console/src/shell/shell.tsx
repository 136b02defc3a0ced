import { BellOutlined, LogoutOutlined } from '@ant-design/icons';
import { Badge, Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router-dom';
import { get, type Role, signOut } from '../api.js';
import { type MessageKey, useI18n } from '../i18n.js';
import { LanguageSwitch } from './language-switch.js';
import { useSession } from './session.js';

/** Each role's menu: its daily work first. */
const MENUS: Record<Role, Array<{ to: string; key: MessageKey }>> = {
  school_reporter: [
    { to: '/school/reports', key: 'nav.reports' },
    { to: '/school/reports/new', key: 'nav.newReport' },
  ],
  department_handler: [{ to: '/tasks', key: 'nav.tasks' }],
  department_head: [{ to: '/tasks', key: 'nav.tasks' }],
  taskforce_dispatcher: [
    { to: '/cases', key: 'nav.cases' },
    { to: '/tips', key: 'nav.tips' },
    { to: '/dashboard', key: 'nav.dashboard' },
  ],
  bureau_reviewer: [{ to: '/cases', key: 'nav.cases' }],
  supervisor: [
    { to: '/dashboard', key: 'nav.dashboard' },
    { to: '/cases', key: 'nav.cases' },
    { to: '/tips', key: 'nav.tips' },
  ],
  inspector: [],
  administrator: [
    { to: '/admin/users', key: 'nav.users' },
    { to: '/admin/sla', key: 'nav.sla' },
    { to: '/cases', key: 'nav.cases' },
    { to: '/dashboard', key: 'nav.dashboard' },
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

export function Shell() {
  const { t, label } = useI18n();
  const { user } = useSession();
  const location = useLocation();
  const unread = useUnreadCount(location.pathname);
  if (!user) return <Navigate to="/login" state={{ from: location.pathname }} replace />;
  const menu = MENUS[user.role];
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
          <Menu
            mode="horizontal"
            theme="dark"
            selectedKeys={selected ? [selected] : []}
            items={menu.map((item) => ({ key: item.to, label: <Link to={item.to}>{t(item.key)}</Link> }))}
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
