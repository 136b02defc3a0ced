import type { OrgKind } from '#libs/contracts';
import { AppError } from '#libs/errors';

/** What the directory keeps of an organisation and announces when it changes. */
export interface OrganisationState {
  id: string;
  kind: OrgKind;
  code: string;
  name: string;
  retiredAt: Date | null;
  revision: number;
}

/** What still ties a unit to the work, as dispatch answers it (`dispatch.unit.commitments`). */
export interface UnitCommitments {
  /** Its tasks (lead or assisting, not declined or replaced) on cases not yet closed, rejected or merged. */
  openTasks: number;
  /** Routing rules naming it, as lead or assisting unit. */
  routingRules: number;
}

/** Only schools and units are retired: the county and the task force are the system's own. */
export const RETIRABLE_KINDS: ReadonlySet<OrgKind> = new Set(['school', 'department']);

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * Why the organisation may not be retired now, or null. A unit with open work would leave its tasks
 * with no one to do them (its users can no longer sign in), and a routing rule naming it would
 * propose it again: the task force reassigns (or the unit declines, or the cases end) and the rules
 * are changed first. A school's open cases go on with their units: the confirmation a retired school
 * can no longer give closes itself, as for any school that does not answer.
 */
export function retirementRefusal(
  organisation: Pick<OrganisationState, 'id' | 'kind'>,
  context: { callerOrgId: string; commitments?: UnitCommitments },
): string | null {
  if (!RETIRABLE_KINDS.has(organisation.kind))
    return 'only schools and units are retired; this is the county or the task force';
  if (organisation.id === context.callerOrgId) return 'an administrator cannot retire their own organisation';
  const { openTasks = 0, routingRules = 0 } = context.commitments ?? {};
  const ties = [
    openTasks > 0
      ? `${plural(openTasks, 'task', 'tasks')} on cases not yet ended (the task force reassigns them, or the unit declines them, first)`
      : null,
    routingRules > 0
      ? `${plural(routingRules, 'routing rule names', 'routing rules name')} it (change the routing rules first)`
      : null,
  ].filter((tie): tie is string => tie !== null);
  return ties.length ? `the unit still has work: ${ties.join('; ')}` : null;
}

/** The state after a rename, or null when the name is already that one (nothing to announce). */
export function renamed(organisation: OrganisationState, name: string): OrganisationState | null {
  if (organisation.name === name) return null;
  return { ...organisation, name, revision: organisation.revision + 1 };
}

/**
 * The state once retired at `now`, or null when it already is (retiring again keeps the first date);
 * a 409 with the reason when something still depends on it.
 */
export function retired(
  organisation: OrganisationState,
  now: Date,
  context: { callerOrgId: string; commitments?: UnitCommitments },
): OrganisationState | null {
  if (organisation.retiredAt) return null;
  const refusal = retirementRefusal(organisation, context);
  if (refusal) throw AppError.conflict(refusal);
  return { ...organisation, retiredAt: now, revision: organisation.revision + 1 };
}

/** The state back in service, or null when it is in service. */
export function reinstated(organisation: OrganisationState): OrganisationState | null {
  if (!organisation.retiredAt) return null;
  return { ...organisation, retiredAt: null, revision: organisation.revision + 1 };
}
