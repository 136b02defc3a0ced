import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { type ComponentType, lazy, Suspense } from 'react';
import { I18nProvider, useI18n } from './i18n.js';
import { homeOf, RequireRole, SessionProvider, useSession } from './shell/session.js';
import { NotFound } from './shell/not-found.js';
import { Shell } from './shell/shell.js';
import { SignIn } from './shell/sign-in.js';

/** Each role area is its own chunk: the tip page on a phone does not load the dashboard's charts. */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));
const UsersPage = page(() => import('./admin/users-page.js'), 'UsersPage');
const SlaPoliciesPage = page(() => import('./admin/sla-policies-page.js'), 'SlaPoliciesPage');
const CasePage = page(() => import('./cases/case-page.js'), 'CasePage');
const TaskInbox = page(() => import('./department/task-inbox.js'), 'TaskInbox');
const MyReports = page(() => import('./school/my-reports.js'), 'MyReports');
const ReportForm = page(() => import('./school/report-form.js'), 'ReportForm');
const ReportPage = page(() => import('./school/report-page.js'), 'ReportPage');
const InboxPage = page(() => import('./shell/inbox-page.js'), 'InboxPage');
const Dashboard = page(() => import('./supervisor/dashboard.js'), 'Dashboard');
const CaseQueue = page(() => import('./taskforce/case-queue.js'), 'CaseQueue');
const TipPage = page(() => import('./taskforce/tip-page.js'), 'TipPage');
const TipQueue = page(() => import('./taskforce/tip-queue.js'), 'TipQueue');
const PublicTipPage = page(() => import('./tip/public-tip-page.js'), 'PublicTipPage');

const COUNTY = ['taskforce_dispatcher', 'supervisor', 'bureau_reviewer', 'administrator'] as const;
const UNIT = ['department_handler', 'department_head'] as const;

function Home() {
  const { user } = useSession();
  return <Navigate to={user ? homeOf(user.role) : '/login'} replace />;
}

function Routed() {
  const { language } = useI18n();
  return (
    <ConfigProvider
      locale={language === 'zh' ? zhCN : enUS}
      // Blues and secondary texts darker than Ant Design's defaults: readable (WCAG AA) on white and grey, hovered too.
      theme={{
        token: {
          colorPrimary: '#003eb3',
          colorPrimaryHover: '#0958d9',
          colorInfo: '#0958d9',
          colorLink: '#0958d9',
          colorLinkHover: '#003eb3',
          colorError: '#cf1322',
          colorTextSecondary: '#595959',
          colorTextTertiary: '#595959',
          colorTextDescription: '#595959',
          colorTextPlaceholder: '#6e6e6e',
        },
      }}
      // Ant Design spaces out two-character Chinese button texts ("登 录"); the console's texts stay as written.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <Suspense fallback={<Spin fullscreen aria-label="…" />}>
              <Routes>
                <Route path="/tip" element={<PublicTipPage />} />
                <Route path="/login" element={<SignIn />} />
                <Route element={<Shell />}>
                  <Route index element={<Home />} />
                  <Route element={<RequireRole roles={['school_reporter']} />}>
                    <Route path="school/reports" element={<MyReports />} />
                    <Route path="school/reports/new" element={<ReportForm />} />
                    <Route path="school/reports/:id" element={<ReportPage />} />
                  </Route>
                  <Route element={<RequireRole roles={UNIT} />}>
                    <Route path="tasks" element={<TaskInbox />} />
                  </Route>
                  <Route element={<RequireRole roles={[...COUNTY, ...UNIT]} />}>
                    <Route path="cases/:id" element={<CasePage />} />
                  </Route>
                  <Route element={<RequireRole roles={COUNTY} />}>
                    <Route path="cases" element={<CaseQueue />} />
                  </Route>
                  <Route element={<RequireRole roles={['taskforce_dispatcher', 'supervisor']} />}>
                    <Route path="tips" element={<TipQueue />} />
                    <Route path="tips/:id" element={<TipPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['supervisor', 'taskforce_dispatcher', 'administrator']} />}>
                    <Route path="dashboard" element={<Dashboard />} />
                  </Route>
                  <Route element={<RequireRole roles={['administrator']} />}>
                    <Route path="admin/users" element={<UsersPage />} />
                    <Route path="admin/sla" element={<SlaPoliciesPage />} />
                  </Route>
                  <Route path="inbox" element={<InboxPage />} />
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </Suspense>
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Routed />
    </I18nProvider>
  );
}
