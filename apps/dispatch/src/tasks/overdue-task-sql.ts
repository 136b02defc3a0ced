/**
 * The task `t` still owes a step whose deadline has passed, by the database's clock: the ledger's
 * `overdue` filter and the daily digest count the same tasks.
 */
export const OVERDUE_TASK_SQL = `coalesce((t.status = 'ASSIGNED' AND t.ack_due_at < now())
    OR (t.status IN ('ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS') AND t.rectify_due_at < now()), false)`;
