import { useSession } from '../shell/session.js';
import { CountyGrades } from './county-grades.js';
import { SchoolGrades } from './school-grades.js';

/** `/grades`: a school its own grades (and appeals), the county every school's. */
export function GradesPage() {
  const { user } = useSession();
  return user?.role === 'school_reporter' ? <SchoolGrades /> : <CountyGrades />;
}
