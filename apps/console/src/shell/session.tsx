import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { currentUser, onSessionChange, type Role, type SessionUser } from '../api.js';
import { forgetDirectory } from '../shared/directory.js';

const SessionContext = createContext<{ user: SessionUser | null }>({ user: null });

/** The signed-in user, following the api module's session (sign-in, refresh, sign-out, expiry). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(currentUser);
  useEffect(
    () =>
      onSessionChange((next) => {
        if (!next) forgetDirectory();
        setUser(next);
      }),
    [],
  );
  return <SessionContext.Provider value={{ user }}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);

/** Where each role starts its day. */
export function homeOf(role: Role): string {
  switch (role) {
    case 'school_reporter':
      return '/school/reports';
    case 'department_handler':
    case 'department_head':
      return '/tasks';
    case 'supervisor':
      return '/dashboard';
    case 'administrator':
      return '/admin/users';
    case 'inspector':
      return '/inspections';
    default:
      return '/cases';
  }
}

/** Signed out: to the sign-in page (and back here after). Another role: to the user's own start. */
export function RequireRole({ roles }: { roles: readonly Role[] }) {
  const { user } = useSession();
  const location = useLocation();
  if (!user) return <Navigate to="/login" state={{ from: location.pathname }} replace />;
  if (!roles.includes(user.role)) return <Navigate to={homeOf(user.role)} replace />;
  return <Outlet />;
}
