import { AppError } from '#libs/errors';

/** The departments among some ids, each with whether the directory has retired it. */
export type Departments = ReadonlyMap<string, { retired: boolean }>;

/**
 * The units named for new work (an assignment, a routing rule) must be departments still in service:
 * a 400 naming the first that is not, lead before assisting. `prefix` places the fields in the
 * request (`rules.2.`). A retired unit's users can no longer sign in, so work given to it would wait
 * for no one.
 */
export function assertAssignable(
  departments: Departments,
  leadUnitId: string,
  assistingUnitIds: readonly string[],
  prefix = '',
): void {
  const named: Array<[string, string]> = [
    [`${prefix}leadUnitId`, leadUnitId],
    ...assistingUnitIds.map((id, index): [string, string] => [`${prefix}assistingUnitIds.${index}`, id]),
  ];
  for (const [field, id] of named) {
    const unit = departments.get(id);
    if (!unit) throw AppError.badRequest(`${field}: no such department`, field);
    if (unit.retired) {
      throw new AppError(400, 'unit_retired', `${field}: this unit has been retired and takes no new work`, field);
    }
  }
}

/**
 * A routing rule's proposal without retired units: an assisting one is left out, and a retired lead
 * leaves no proposal at all (the task force chooses). Rules naming a retired unit should not exist
 * (retiring a unit a rule names is refused), but the directory and the rules are not changed in one
 * transaction.
 */
export function withoutRetired(
  proposal: { leadUnitId: string; assistingUnitIds: string[] } | null,
  departments: Departments,
): { leadUnitId: string; assistingUnitIds: string[] } | null {
  if (!proposal) return null;
  const inService = (id: string) => departments.get(id)?.retired !== true;
  if (!inService(proposal.leadUnitId)) return null;
  return { leadUnitId: proposal.leadUnitId, assistingUnitIds: proposal.assistingUnitIds.filter(inService) };
}
