/**
 * Label values kept to a small, fixed set: a label that takes one value per request, id or person
 * would make a new time series each time (and could carry personal data).
 */

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The HTTP method, or `OTHER` for anything unusual a client made up. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

/** `2xx`, `4xx`, `5xx`: the class of an HTTP status. */
export function statusClass(status: number): string {
  return Number.isInteger(status) && status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other';
}

/**
 * A request-reply's outcome from the status of its answer: `ok`; `unavailable` (503: the service
 * down, too slow, or a dependency away); `client_error` (refused: 4xx); `server_error` (a fault).
 */
export type RpcOutcome = 'ok' | 'client_error' | 'server_error' | 'unavailable';
export function rpcOutcome(status: number): RpcOutcome {
  if (status < 400) return 'ok';
  if (status === 503) return 'unavailable';
  return status < 500 ? 'client_error' : 'server_error';
}

/** The kind of a deadline step: `reminder:0.5` → `reminder`, `escalation:2` → `escalation`, `breach`. */
export function stepKind(step: string): string {
  const kind = step.split(':', 1)[0];
  return kind === 'reminder' || kind === 'breach' || kind === 'escalation' ? kind : 'other';
}

/** Seconds between two instants in epoch ms (positive when `atMs` is after `dueMs`). */
export function secondsBetween(dueMs: number, atMs: number): number {
  return (atMs - dueMs) / 1000;
}
