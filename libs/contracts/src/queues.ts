/**
 * BullMQ queue and job names. They are stored in Redis with every job: renaming one strands
 * the jobs already queued, so a rename needs a migration (the reconciler re-arms from Postgres).
 */
export enum QueueName {
  Deadlines = 'dispatch-deadlines',
}

export enum DeadlineJob {
  Fire = 'deadline.fire',
}
