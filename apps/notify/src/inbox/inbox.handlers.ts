import { createHash } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import {
  CalendarYearMissing,
  CaseOpened,
  type CaseOpenedV1,
  CaseStatusChanged,
  ExtensionDecided,
  ExtensionRequested,
  LifeSafetyFlagged,
  type PayloadOf,
  TaskAckBreached,
  TaskAssigned,
  TaskEscalated,
  TaskRectifyBreached,
  TaskReminderDue,
  UnitDigestMade,
} from '#libs/contracts';
import { APP_CONFIG } from '#libs/config';
import { BusEventContext, OnEvent, PROJECTION_GATHER_MS } from '#libs/messaging';
import type { NotifyConfig } from '../config.js';
import { type Announcement, announce } from './announcements.js';
import {
  ACK_OVERDUE_AUDIENCE,
  ADMINISTRATORS,
  CASE_UPDATE_STATUSES,
  escalationAudience,
  NotificationKind,
  SCHOOL_REPORTERS,
  SUPERVISORS,
  TASK_FORCE,
  UNIT_AUDIENCE,
} from './notification-kinds.js';

/** Fans events out into inbox entries and their deliveries; one entry per event and user, whatever the redeliveries. */
@Controller()
export class InboxHandlers {
  constructor(@Inject(APP_CONFIG) private readonly config: NotifyConfig) {}

  private announce(context: BusEventContext, announcement: Omit<Announcement, 'sourceEventId'>) {
    return announce(
      context.manager,
      { sourceEventId: context.envelope.id, ...announcement },
      this.config.COUNTY_TIMEZONE,
    );
  }

  @OnEvent(TaskAssigned, { gatherMs: PROJECTION_GATHER_MS })
  async onTaskAssigned(@Payload() task: PayloadOf<typeof TaskAssigned>, @Ctx() context: BusEventContext) {
    await this.announce(context, {
      kind: NotificationKind.TaskAssigned,
      params: { reference: task.reference, role: task.role, dueAt: task.ackDueAt },
      urgent: await isUrgentCase(context.manager, task.caseId),
      caseId: task.caseId,
      taskId: task.taskId,
      audience: { orgId: task.unitId, roles: UNIT_AUDIENCE },
    });
  }

  @OnEvent(TaskAckBreached, { gatherMs: PROJECTION_GATHER_MS })
  async onTaskAckBreached(@Payload() breach: PayloadOf<typeof TaskAckBreached>, @Ctx() context: BusEventContext) {
    await this.announce(context, {
      kind: NotificationKind.AckOverdue,
      params: { reference: breach.reference, dueAt: breach.ackDueAt },
      urgent: await isUrgentCase(context.manager, breach.caseId),
      caseId: breach.caseId,
      taskId: breach.taskId,
      audience: { roles: ACK_OVERDUE_AUDIENCE },
    });
  }

  @OnEvent(TaskReminderDue, { gatherMs: PROJECTION_GATHER_MS })
  async onReminderDue(@Payload() reminder: PayloadOf<typeof TaskReminderDue>, @Ctx() context: BusEventContext) {
    await this.announce(context, {
      kind: NotificationKind.Reminder,
      params: {
        reference: reminder.reference,
        deadline: reminder.deadline,
        fraction: reminder.fraction,
        dueAt: reminder.dueAt,
      },
      urgent: await isUrgentCase(context.manager, reminder.caseId),
      caseId: reminder.caseId,
      taskId: reminder.taskId,
      audience: { orgId: reminder.unitId, roles: UNIT_AUDIENCE },
    });
  }

  /** The unit and the task force: two audiences, so two announcements keyed apart from the one event. */
  @OnEvent(TaskRectifyBreached, { gatherMs: PROJECTION_GATHER_MS })
  async onRectifyBreached(@Payload() breach: PayloadOf<typeof TaskRectifyBreached>, @Ctx() context: BusEventContext) {
    const urgent = await isUrgentCase(context.manager, breach.caseId);
    const common = {
      kind: NotificationKind.RectifyOverdue,
      params: { reference: breach.reference, dueAt: breach.rectifyDueAt },
      urgent,
      caseId: breach.caseId,
      taskId: breach.taskId,
    };
    await this.announce(context, { ...common, audience: { orgId: breach.unitId, roles: UNIT_AUDIENCE } });
    await announce(
      context.manager,
      { ...common, sourceEventId: derivedId(context.envelope.id, 1), audience: { roles: TASK_FORCE } },
      this.config.COUNTY_TIMEZONE,
    );
  }

  @OnEvent(TaskEscalated, { gatherMs: PROJECTION_GATHER_MS })
  async onEscalated(@Payload() escalation: PayloadOf<typeof TaskEscalated>, @Ctx() context: BusEventContext) {
    await this.announce(context, {
      kind: NotificationKind.Escalation,
      params: { reference: escalation.reference, level: escalation.level, deadline: escalation.deadline },
      urgent: true,
      caseId: escalation.caseId,
      taskId: escalation.taskId,
      audience: escalationAudience(escalation.notify, escalation.unitId),
    });
  }

  @OnEvent(ExtensionRequested, { gatherMs: PROJECTION_GATHER_MS })
  async onExtensionRequested(
    @Payload() request: PayloadOf<typeof ExtensionRequested>,
    @Ctx() context: BusEventContext,
  ) {
    await this.announce(context, {
      kind: NotificationKind.ExtensionRequested,
      params: { reference: request.reference, dueAt: request.requestedDueAt },
      urgent: false,
      caseId: request.caseId,
      taskId: request.taskId,
      audience: { roles: TASK_FORCE },
    });
  }

  @OnEvent(ExtensionDecided, { gatherMs: PROJECTION_GATHER_MS })
  async onExtensionDecided(@Payload() decision: PayloadOf<typeof ExtensionDecided>, @Ctx() context: BusEventContext) {
    await this.announce(context, {
      kind: NotificationKind.ExtensionDecided,
      params: { reference: decision.reference, approved: decision.approved, dueAt: decision.dueAt },
      urgent: false,
      caseId: decision.caseId,
      taskId: decision.taskId,
      audience: { orgId: decision.unitId, roles: UNIT_AUDIENCE },
    });
  }

  /** The school's reporters hear when their case is forwarded, rejected, verified or closed (v2 with a reference only). */
  @OnEvent(CaseStatusChanged, {
    gatherMs: PROJECTION_GATHER_MS,
    when: (change) => Boolean(change.reference) && CASE_UPDATE_STATUSES.has(change.to),
  })
  async onCaseStatusChanged(@Payload() change: PayloadOf<typeof CaseStatusChanged>, @Ctx() context: BusEventContext) {
    await this.announce(context, caseUpdate({ ...change, status: change.to }));
  }

  @OnEvent(LifeSafetyFlagged, { gatherMs: PROJECTION_GATHER_MS })
  async onLifeSafety(@Payload() flag: PayloadOf<typeof LifeSafetyFlagged>, @Ctx() context: BusEventContext) {
    await this.announce(context, {
      kind: NotificationKind.LifeSafety,
      params: { reference: flag.reference, source: flag.source },
      urgent: true,
      caseId: null,
      taskId: null,
      audience: { roles: [...TASK_FORCE, ...SUPERVISORS] },
    });
  }

  /** Administrators are told once per year that a calendar year is missing (dispatch says it once). */
  @OnEvent(CalendarYearMissing, { gatherMs: PROJECTION_GATHER_MS })
  async onCalendarYearMissing(
    @Payload() missing: PayloadOf<typeof CalendarYearMissing>,
    @Ctx() context: BusEventContext,
  ) {
    await this.announce(context, {
      kind: NotificationKind.CalendarMissing,
      params: { year: missing.year },
      urgent: false,
      caseId: null,
      taskId: null,
      audience: { roles: ADMINISTRATORS },
    });
  }

  /** A unit's handlers and head get its daily digest; it waits for the end of their quiet hours. */
  @OnEvent(UnitDigestMade, { gatherMs: PROJECTION_GATHER_MS })
  async onUnitDigest(@Payload() digest: PayloadOf<typeof UnitDigestMade>, @Ctx() context: BusEventContext) {
    await this.announce(context, {
      kind: NotificationKind.DailyDigest,
      params: {
        day: digest.day,
        open: digest.open,
        overdue: digest.overdue,
        tasks: digest.tasks.map(({ reference, deadline, dueAt, overdue }) => ({ reference, deadline, dueAt, overdue })),
      },
      urgent: false,
      caseId: null,
      taskId: null,
      audience: { orgId: digest.unitId, roles: UNIT_AUDIENCE },
    });
  }

  /**
   * Remembers urgent cases (their messages pass quiet hours), and alerts supervisors to a supervision
   * case, which dispatch opens for a downgraded school: that alert covers `grading.school.downgraded`.
   * An opening (v2) is also the case's first status change: a case that opens forwarded is news for
   * its school's reporters, as the change would be.
   */
  @OnEvent(CaseOpened, {
    gatherMs: PROJECTION_GATHER_MS,
    when: (opened) => isUrgent(opened) || opened.source === 'supervision' || opensAsUpdate(opened),
  })
  async onCaseOpened(@Payload() opened: Opening, @Ctx() context: BusEventContext) {
    const urgent = isUrgent(opened);
    if (urgent) {
      await context.manager.query('INSERT INTO notify.urgent_cases (case_id) VALUES ($1) ON CONFLICT DO NOTHING', [
        opened.caseId,
      ]);
    }
    if (opened.source === 'supervision') {
      await this.announce(context, {
        kind: NotificationKind.Supervision,
        params: { reference: opened.reference },
        urgent,
        caseId: opened.caseId,
        taskId: null,
        audience: { roles: SUPERVISORS },
      });
    }
    if (opensAsUpdate(opened)) {
      // Keyed apart from the supervision alert of the same event.
      await announce(
        context.manager,
        { ...caseUpdate(opened), sourceEventId: derivedId(context.envelope.id, 1) },
        this.config.COUNTY_TIMEZONE,
      );
    }
  }
}

type Opening = PayloadOf<typeof CaseOpened> | PayloadOf<typeof CaseOpenedV1>;

/** What the school's reporters are told of their case's new status. */
const caseUpdate = (change: { caseId: string; schoolId: string; reference?: string; status: string }) => ({
  kind: NotificationKind.CaseUpdate,
  params: { reference: change.reference, status: change.status },
  urgent: false,
  caseId: change.caseId,
  taskId: null,
  audience: { orgId: change.schoolId, roles: SCHOOL_REPORTERS },
});

/** An opening that tells its school's reporters what a status change to its status would (v2 only). */
const opensAsUpdate = (opened: Opening): opened is PayloadOf<typeof CaseOpened> & { schoolId: string } =>
  'status' in opened && opened.schoolId !== null && CASE_UPDATE_STATUSES.has(opened.status);

const isUrgent = (opened: Opening): boolean => opened.severity === 'urgent' || opened.lifeSafety;

async function isUrgentCase(manager: EntityManager, caseId: string): Promise<boolean> {
  const rows = await manager.query<unknown[]>('SELECT 1 FROM notify.urgent_cases WHERE case_id = $1', [caseId]);
  return rows.length > 0;
}

/** A second, stable id for a second announcement of the same event (same id on every redelivery). */
function derivedId(eventId: string, index: number): string {
  const hex = createHash('sha256').update(`${eventId}:${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
