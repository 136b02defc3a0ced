/**
 * The console's one way to the gateway's API: JSON with the access token, one refresh on a 401
 * (shared by the requests that fail together, since a refresh token is used up by its first use),
 * and the project's error shape `{status, error, message, field?}` as an `ApiError` to show.
 */

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
  orgId: string;
}
export type Role =
  | 'school_reporter'
  | 'bureau_reviewer'
  | 'taskforce_dispatcher'
  | 'department_handler'
  | 'department_head'
  | 'supervisor'
  | 'inspector'
  | 'administrator';

interface Session {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Kept per tab (sessionStorage): closing the tab ends it on this device; never a cookie. */
const STORAGE_KEY = 'cw.session';
let session: Session | null = readSession();
const listeners = new Set<(user: SessionUser | null) => void>();

function readSession(): Session | null {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    return stored ? (JSON.parse(stored) as Session) : null;
  } catch {
    return null;
  }
}

function setSession(next: Session | null): void {
  session = next;
  if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  else sessionStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener(next?.user ?? null);
}

export const currentUser = (): SessionUser | null => session?.user ?? null;

export function onSessionChange(listener: (user: SessionUser | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function send(
  method: string,
  path: string,
  body: unknown,
  token?: string,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...extraHeaders };
  if (token) headers.authorization = `Bearer ${token}`;
  const init: RequestInit = { method, headers, credentials: 'omit', cache: 'no-store' };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return fetch(path, init);
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { status?: number; error?: string; message?: string; field?: string };
    return new ApiError(response.status, body.error ?? 'Error', body.message ?? response.statusText, body.field);
  } catch {
    return new ApiError(response.status, 'Error', response.statusText || `HTTP ${response.status}`);
  }
}

async function parse<T>(response: Response): Promise<T> {
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

let refreshing: Promise<boolean> | null = null;

/** Trades the refresh token for a new pair once, however many requests ask at the same moment. */
function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const current = session;
    if (!current) return false;
    const response = await send('POST', '/api/auth/refresh', { refreshToken: current.refreshToken });
    if (!response.ok) {
      setSession(null);
      return false;
    }
    setSession((await response.json()) as Session);
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** A request as the signed-in user (or anonymous when no one is): on a 401 the session is renewed once. */
async function authorised(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<Response> {
  const token = session?.accessToken;
  const response = await send(method, path, body, token, headers);
  if (response.status === 401 && token && (await refresh())) {
    return send(method, path, body, session?.accessToken, headers);
  }
  return response;
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<T> {
  return parse<T>(await authorised(method, path, body, headers));
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
  api<T>('POST', path, body ?? {}, headers);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);

/** A query string of the defined values only. */
export function query(values: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * `second`: once the API has answered `totp_required` for this user, the authenticator app's six digits
 * or one of the recovery codes.
 */
export async function signIn(username: string, password: string, second?: string): Promise<SessionUser> {
  const factor = second === undefined ? {} : /^\d{6}$/.test(second) ? { totp: second } : { recoveryCode: second };
  const answer = await parse<Session>(await send('POST', '/api/auth/login', { username, password, ...factor }));
  setSession(answer);
  return answer.user;
}

export async function signOut(): Promise<void> {
  const current = session;
  setSession(null);
  if (current) await send('POST', '/api/auth/logout', { refreshToken: current.refreshToken }).catch(() => undefined);
}

/** Uploads one file (multipart) and answers its attachment id. */
export async function upload(file: File, tipster?: { trackingCode: string; secret: string }): Promise<string> {
  const form = new FormData();
  if (tipster) {
    form.set('trackingCode', tipster.trackingCode);
    form.set('secret', tipster.secret);
  }
  form.set('file', file);
  return (await api<{ id: string }>('POST', '/api/attachments', form)).id;
}

/** The file name a `Content-Disposition` gives (`filename*` first: the UTF-8 one, such as 台账-…). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const extended = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended);
    } catch {
      // a malformed escape: the plain name below
    }
  }
  return disposition?.match(/filename="([^"]+)"/i)?.[1] ?? fallback;
}

/**
 * Downloads a file the API answers (an export, a PDF) as the signed-in user. The access token goes
 * in a header, never a cookie, so a plain link cannot carry it: the bytes are fetched, kept as a
 * Blob and saved through a short-lived object URL. An error answer is thrown as an `ApiError`.
 */
export async function download(path: string, fallbackName: string): Promise<string> {
  const response = await authorised('GET', path);
  if (!response.ok) throw await errorOf(response);
  const name = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a little later: the click hands the Blob to the browser's download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
