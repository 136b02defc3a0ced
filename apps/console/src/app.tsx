import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { UsersPage } from './admin/users-page.js';
import { SlaPoliciesPage } from './admin/sla-policies-page.js';
import { CasePage } from './cases/case-page.js';
import { TaskInbox } from './department/task-inbox.js';
import { I18nProvider, useI18n } from './i18n.js';
import { MyReports } from './school/my-reports.js';
import { ReportForm } from './school/report-form.js';
import { ReportPage } from './school/report-page.js';
import { homeOf, RequireRole, SessionProvider, useSession } from './shell/session.js';
import { InboxPage } from './shell/inbox-page.js';
import { NotFound } from './shell/not-found.js';
import { Shell } from './shell/shell.js';
import { SignIn } from './shell/sign-in.js';
import { Dashboard } from './supervisor/dashboard.js';
import { CaseQueue } from './taskforce/case-queue.js';
import { TipPage } from './taskforce/tip-page.js';
import { TipQueue } from './taskforce/tip-queue.js';
import { PublicTipPage } from './tip/public-tip-page.js';

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
      theme={{ token: { colorPrimary: '#0958d9' } }}
      // Ant Design spaces out two-character Chinese button texts ("登 录"); the console's texts stay as written.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
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
