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
import { useReducedMotion } from './shared/use-reduced-motion.js';

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
// The county desk: the ledger, escalations, the biweekly review, quarterly grades.
const LedgerPage = page(() => import('./desk/ledger-page.js'), 'LedgerPage');
const EscalationsPage = page(() => import('./desk/escalations-page.js'), 'EscalationsPage');
const ReviewPage = page(() => import('./desk/review-page.js'), 'ReviewPage');
const GradesPage = page(() => import('./grades/grades-page.js'), 'GradesPage');
const AppealsPage = page(() => import('./grades/appeals-page.js'), 'AppealsPage');
const OrganisationsPage = page(() => import('./admin/organisations-page.js'), 'OrganisationsPage');
const CalendarPage = page(() => import('./admin/calendar-page.js'), 'CalendarPage');
const RoutingRulesPage = page(() => import('./admin/routing-rules-page.js'), 'RoutingRulesPage');
const EscalationPage = page(() => import('./admin/escalation-page.js'), 'EscalationPage');
const RubricPage = page(() => import('./admin/rubric-page.js'), 'RubricPage');
const LifeSafetyTermsPage = page(() => import('./admin/life-safety-terms-page.js'), 'LifeSafetyTermsPage');
const InspectionsPage = page(() => import('./inspector/inspections-page.js'), 'InspectionsPage');
const ChecklistPage = page(() => import('./inspector/checklist-page.js'), 'ChecklistPage');
const SecurityPage = page(() => import('./me/security-page.js'), 'SecurityPage');

const COUNTY = ['taskforce_dispatcher', 'supervisor', 'bureau_reviewer', 'administrator'] as const;
const UNIT = ['department_handler', 'department_head'] as const;
/** As the desk's routes allow: the ledger to the county, units and schools (each its own); grades to the county and schools. */
const LEDGER_READERS = [...COUNTY, ...UNIT, 'school_reporter'] as const;
const GRADE_READERS = [...COUNTY, 'inspector', 'school_reporter'] as const;
/** The roles that may protect their sign-in with a second factor (the API's SECOND_FACTOR_ROLES). */
const SECOND_FACTOR = [...UNIT, 'taskforce_dispatcher', 'supervisor', 'administrator'] as const;

function Home() {
  const { user } = useSession();
  return <Navigate to={user ? homeOf(user.role) : '/login'} replace />;
}

function Routed() {
  const { language } = useI18n();
  const reducedMotion = useReducedMotion();
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
          // No zooming dialogs or sliding drawers for a reader who asked their system for less motion.
          motion: !reducedMotion,
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
                  <Route element={<RequireRole roles={LEDGER_READERS} />}>
                    <Route path="ledger" element={<LedgerPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['taskforce_dispatcher', 'supervisor']} />}>
                    <Route path="escalations" element={<EscalationsPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['taskforce_dispatcher', 'supervisor', 'administrator']} />}>
                    <Route path="reviews" element={<ReviewPage />} />
                  </Route>
                  <Route element={<RequireRole roles={GRADE_READERS} />}>
                    <Route path="grades" element={<GradesPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['administrator']} />}>
                    <Route path="admin/users" element={<UsersPage />} />
                    <Route path="admin/sla" element={<SlaPoliciesPage />} />
                    <Route path="admin/organisations" element={<OrganisationsPage />} />
                    <Route path="admin/calendars" element={<CalendarPage />} />
                    <Route path="admin/routing-rules" element={<RoutingRulesPage />} />
                    <Route path="admin/escalation" element={<EscalationPage />} />
                    <Route path="admin/rubric" element={<RubricPage />} />
                    <Route path="admin/life-safety-terms" element={<LifeSafetyTermsPage />} />
                    <Route path="admin/appeals" element={<AppealsPage />} />
                  </Route>
                  <Route element={<RequireRole roles={['inspector']} />}>
                    <Route path="inspections" element={<InspectionsPage />} />
                    <Route path="inspections/checklist" element={<ChecklistPage />} />
                  </Route>
                  <Route element={<RequireRole roles={SECOND_FACTOR} />}>
                    <Route path="me/security" element={<SecurityPage />} />
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
