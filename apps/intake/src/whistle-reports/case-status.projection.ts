import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import {
  CaseClosed,
  CaseOpened,
  CaseStatusChanged,
  type CaseStatusChangedV1,
  OPENING_SEQUENCE,
  type PayloadOf,
} from '#libs/contracts';
import { BusEventBatchContext, OnEvents, PROJECTION_GATHER_MS } from '#libs/messaging';
import { type HeldStatus, type IncomingStatus, settle } from './case-status-order.js';

/** v2 is what dispatch publishes; a v1 event may still come from the stream or a parked-event replay. */
type StatusChange = PayloadOf<typeof CaseStatusChanged> | PayloadOf<typeof CaseStatusChangedV1>;
type Change = IncomingStatus & { caseId: string; status: string; from: string | null; command: string | null };

/** The tables whose rows are cases' sources: a case has the id of the report or tip it came from. */
const SOURCES = ['whistle_reports', 'tips'] as const;
/** The sources of cases whose rows are ours. */
const SOURCE_KINDS: ReadonlySet<string> = new Set(['report', 'tip']);

/**
 * Keeps our copy of each case's status, and its history, so a school can follow its report (and a
 * tipster their tip) without asking dispatch. Set-based: a batch of changes costs a few statements.
 */
@Controller()
export class CaseStatusProjection {
  @OnEvents(CaseStatusChanged, { gatherMs: PROJECTION_GATHER_MS })
  async onCaseStatusChanged(@Payload() events: StatusChange[], @Ctx() context: BusEventBatchContext) {
    await this.record(
      context.manager,
      events.map((event) => ({
        caseId: event.caseId,
        status: event.to,
        from: event.from,
        command: 'command' in event ? (event.command ?? null) : null,
        sequence: 'sequence' in event ? event.sequence : null,
        changedAt: new Date(event.changedAt),
      })),
    );
  }

  /**
   * A report's or tip's case opened: its status change number 1 (v2 says which status; with v1 the
   * change came as a status change of its own). A case about no school is not followed here until it closes.
   */
  @OnEvents(CaseOpened, {
    gatherMs: PROJECTION_GATHER_MS,
    when: (opened) => 'status' in opened && opened.schoolId !== null && SOURCE_KINDS.has(opened.source),
  })
  async onCaseOpened(@Payload() events: Array<PayloadOf<typeof CaseOpened>>, @Ctx() context: BusEventBatchContext) {
    await this.record(
      context.manager,
      events.map((event) => ({
        caseId: event.caseId,
        status: event.status,
        from: null,
        command: 'open',
        sequence: OPENING_SEQUENCE,
        changedAt: new Date(event.openedAt),
      })),
    );
  }

  /** Applies the changes and adds them to the history of the cases that are ours. */
  private async record(manager: EntityManager, changes: Change[]) {
    const known = await this.project(manager, changes);
    const history = changes.filter((c) => known.has(c.caseId));
    if (history.length === 0) return;
    await manager.query(
      `INSERT INTO intake.case_history (case_id, sequence, from_status, to_status, command, changed_at)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
       ON CONFLICT DO NOTHING`,
      [
        history.map((c) => c.caseId),
        history.map((c) => c.sequence),
        history.map((c) => c.from),
        history.map((c) => c.status),
        history.map((c) => c.command),
        history.map((c) => c.changedAt),
      ],
    );
  }

  /**
   * A case closed. Its status changes were announced too when it has a school, and this is then the
   * same change again (its sequence settles it); a tip about no school learns its closing only here,
   * which its retention period needs. The school's timeline comes from the status changes alone.
   */
  @OnEvents(CaseClosed, { gatherMs: PROJECTION_GATHER_MS })
  async onCaseClosed(@Payload() events: Array<PayloadOf<typeof CaseClosed>>, @Ctx() context: BusEventBatchContext) {
    await this.project(
      context.manager,
      events.map((event) => ({
        caseId: event.caseId,
        status: event.status,
        from: null,
        command: null,
        sequence: event.sequence,
        changedAt: new Date(event.closedAt),
      })),
    );
  }

  /** Applies the changes to the reports' and tips' copies; answers the ids that are ours. */
  private async project(manager: EntityManager, changes: Change[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (const table of SOURCES) {
      const ids = [...new Set(changes.map((c) => c.caseId))].filter((id) => !known.has(id));
      if (ids.length === 0) break;
      const held = await this.lockHeld(manager, table, ids);
      for (const id of held.keys()) known.add(id);
      await this.apply(manager, table, settle(held, changes));
    }
    return known;
  }

  /** The held status of those of these cases that are this table's rows, locked in id order. */
  private async lockHeld(manager: EntityManager, table: (typeof SOURCES)[number], ids: string[]) {
    const rows = await manager.query<Array<HeldStatus & { id: string }>>(
      `SELECT id, case_status_sequence AS sequence, case_status_at AS "changedAt"
         FROM intake.${table} WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map(({ id, ...held }) => [id, held]));
  }

  private async apply(
    manager: EntityManager,
    table: (typeof SOURCES)[number],
    winners: Map<string, HeldStatus & { status: string }>,
  ) {
    if (winners.size === 0) return;
    const rows = [...winners];
    await manager.query(
      `UPDATE intake.${table} t SET case_status = u.status, case_status_at = u.at, case_status_sequence = u.sequence
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[]) AS u(id, status, at, sequence)
        WHERE t.id = u.id`,
      [
        rows.map(([id]) => id),
        rows.map(([, w]) => w.status),
        rows.map(([, w]) => w.changedAt),
        rows.map(([, w]) => w.sequence),
      ],
    );
  }
}
