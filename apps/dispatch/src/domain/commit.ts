import { type CaseStatus, CaseClosed, CaseStatusChanged, type EventEnvelope } from '#libs/contracts';
import type { Case } from './case.js';
import { FINAL_STATUSES } from './case-lifecycle.js';
import type { DispatchPorts } from './ports.js';
import type { Task } from './task.js';

/**
 * Saves what a command decided, in its transaction: the tasks, their deadlines (stopped first, then
 * started: a new deadline supersedes the old one of its kind), the case with its timeline, and an
 * event per status change.
 */
export async function commit(ports: DispatchPorts, kase: Case, tasks: readonly Task[] = []): Promise<void> {
  const changed = tasks.filter((task) => task.changed);
  await ports.tasks.save(changed);
  const changes = tasks.flatMap((task) => task.deadlineChanges);
  for (const change of changes) if (!change.start) await ports.deadlines.stop([change.taskId], change.kinds);
  const starts = changes.flatMap((change) => (change.start ? [change] : []));
  if (starts.length > 0) await ports.deadlines.start(starts);
  await ports.cases.save(kase);
  await announceStatusChanges(ports, [{ kase }]);
}

/**
 * One `CaseStatusChanged` per status change of these cases, in one write. A tip about no particular
 * school has no school to tell, so its changes are not announced.
 */
export async function announceStatusChanges(
  ports: DispatchPorts,
  cases: ReadonlyArray<{ kase: Case; causedBy?: EventEnvelope }>,
): Promise<void> {
  const items = cases.flatMap(({ kase, causedBy }) => {
    const { id, schoolId, reference } = kase.state;
    if (schoolId === null) return [];
    return kase.changes.map((change) => ({
      payload: {
        caseId: id,
        schoolId,
        from: change.from,
        to: change.to,
        changedAt: change.at.toISOString(),
        sequence: change.sequence,
        reference,
        command: change.command,
      },
      actor: change.actor,
      causedBy,
    }));
  });
  if (items.length > 0) await ports.events.appendEach(CaseStatusChanged, items);
  await announceClosings(ports, cases);
}

const isFinal = (status: CaseStatus): status is 'CLOSED' | 'REJECTED' | 'MERGED' => FINAL_STATUSES.has(status);

/** One `CaseClosed` per case that reached a final status, with a school or not (intake's retention counts from it). */
async function announceClosings(
  ports: DispatchPorts,
  cases: ReadonlyArray<{ kase: Case; causedBy?: EventEnvelope }>,
): Promise<void> {
  const items = cases.flatMap(({ kase, causedBy }) =>
    kase.changes.flatMap((change) =>
      isFinal(change.to)
        ? [
            {
              payload: {
                caseId: kase.state.id,
                source: kase.state.source,
                status: change.to,
                sequence: change.sequence,
                closedAt: change.at.toISOString(),
              },
              actor: change.actor,
              causedBy,
            },
          ]
        : [],
    ),
  );
  if (items.length > 0) await ports.events.appendEach(CaseClosed, items);
}
