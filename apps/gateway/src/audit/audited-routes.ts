import { CATEGORIES, SEVERITIES } from '#libs/contracts';

/**
 * Which requests the audit log records: every command (anything but GET and HEAD) and every read,
 * except the health probe and reads of reference data that hold nothing about a person (the
 * taxonomy, the directory of schools and departments, policies, calendars, counts). A new route is
 * audited unless it is added here: forgetting costs a row, never a blind spot.
 */
const UNAUDITED_READS = new Set([
  '/api/health',
  '/api/taxonomy',
  '/api/directory/schools',
  '/api/directory/units',
  '/api/sla-policies',
  '/api/calendars/:year',
  '/api/calendars/due-date',
  '/api/escalation-policy',
  '/api/routing-rules',
  '/api/life-safety-terms',
  '/api/rubrics/:version',
  '/api/inbox/unread-count',
]);

export const isRead = (method: string): boolean => method === 'GET' || method === 'HEAD';

export function isAudited(method: string, route: string): boolean {
  if (!route.startsWith('/api/')) return false;
  return !(isRead(method) && UNAUDITED_READS.has(route));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * The shapes a route parameter takes when it is what it should be: an id, a year, a quarter, a term,
 * a rubric version, a severity or a category. Anything else a client put in the path is not recorded
 * (it could be anything, a child's name included): the entry says a parameter was there.
 */
const PARAMETER_SHAPES = [
  UUID,
  /^\d{4}$/,
  /^\d{4}-Q[1-4]$/,
  /^\d{4}-(spring|autumn)$/,
  /^v?\d{1,6}$/,
  new RegExp(`^(${[...SEVERITIES, ...CATEGORIES].join('|')})$`),
];
const NOT_AN_ID = '(not an id)';

/**
 * The object a request was about: its route parameters (ids, a quarter, a severity: never free text),
 * or, for a command that created something, the new object's id from the answer. Only an `id` (or a
 * signed-in user's id) is taken from an answer: a tip's tracking code and secret are never recorded.
 */
export function objectOf(params: unknown, status: number, payload: unknown): string | null {
  const values = Object.values((params ?? {}) as Record<string, unknown>)
    .filter((value): value is string => typeof value === 'string' && value.length > 0)
    .map((value) => (value.length <= 64 && PARAMETER_SHAPES.some((shape) => shape.test(value)) ? value : NOT_AN_ID));
  if (values.length > 0) return values.join('/');
  // Forwarded answers arrive as the bytes the service sent; the gateway's own as a string.
  const text = Buffer.isBuffer(payload) ? payload : typeof payload === 'string' ? payload : undefined;
  if (status < 200 || status >= 300 || text === undefined || text.length > 8192) return null;
  try {
    const body = JSON.parse(text.toString()) as { id?: unknown; user?: { id?: unknown } };
    const id = body.id ?? body.user?.id;
    return typeof id === 'string' && UUID.test(id) ? id : null;
  } catch {
    return null;
  }
}
