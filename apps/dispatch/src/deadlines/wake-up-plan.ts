import type { WakeUp } from './wake-up.js';

/**
 * When to wake dispatch up for its deadlines. Redis holds one wake-up per *slot* (a short span of
 * due times), not one per deadline, and only for slots inside the horizon; Postgres says what is
 * due. A slot is named by its end, so a wake-up is never early for the deadlines it covers.
 */
export interface WakeUpPlanOptions {
  /** Width of a slot: deadlines due within it share one wake-up, fired at its end. */
  slotMs: number;
  /** How far ahead wake-ups are kept in Redis; later ones are armed as they come into it. */
  horizonMs: number;
}

/** The end of the slot a due time falls in: the first multiple of `slotMs` at or after it. */
export function slotOf(dueAtMs: number, slotMs: number): number {
  return Math.ceil(dueAtMs / slotMs) * slotMs;
}

/** One wake-up per distinct slot of the due times inside the horizon, earliest first; later ones wait. */
export function wakeUpsToArm(dueAtsMs: readonly number[], nowMs: number, options: WakeUpPlanOptions): WakeUp[] {
  const slots = new Set<number>();
  for (const dueAtMs of dueAtsMs) {
    if (dueAtMs <= nowMs + options.horizonMs) slots.add(slotOf(dueAtMs, options.slotMs));
  }
  return [...slots].sort((a, b) => a - b).map((slot) => ({ slot, delayMs: delayUntil(slot, nowMs), retry: 0 }));
}

/** Delay before a slot's wake-up; a slot already past wakes at once. */
export function delayUntil(slotMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil(slotMs - nowMs));
}

/**
 * The job id of a slot's wake-up: arming the same slot twice (two processes, every
 * reconciliation) queues it once. `retry` names a wake-up re-armed because it came early.
 */
export function wakeUpJobId(slotMs: number, retry = 0): string {
  return retry === 0 ? `deadline-at-${slotMs}` : `deadline-at-${slotMs}-r${retry}`;
}

/**
 * After a wake-up fired what was due, a deadline of its slot still pending means the wake-up
 * came early by the database's clock (the one firing compares against): wake again when it is due.
 */
export function earlyWakeUp(
  remainingMs: number | null,
  retry: number,
  maxRetries = 20,
): { delayMs: number; retry: number } | null {
  if (remainingMs === null || retry >= maxRetries) return null;
  return { delayMs: Math.max(1, Math.ceil(remainingMs)), retry: retry + 1 };
}
