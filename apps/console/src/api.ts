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

/** A call as the signed-in user (or anonymous when no one is): on a 401 the session is renewed once. */
export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<T> {
  const token = session?.accessToken;
  let response = await send(method, path, body, token, headers);
  if (response.status === 401 && token && (await refresh())) {
    response = await send(method, path, body, session?.accessToken, headers);
  }
  return parse<T>(response);
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

/** `totp`: the authenticator app's code, once the API has answered `totp_required` for this user. */
export async function signIn(username: string, password: string, totp?: string): Promise<SessionUser> {
  const answer = await parse<Session>(await send('POST', '/api/auth/login', { username, password, totp }));
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
