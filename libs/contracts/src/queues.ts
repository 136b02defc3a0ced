/**
 * BullMQ queue and job names. They are stored in Redis with every job: renaming one strands
 * the jobs already queued, so a rename needs a migration (the reconciler re-arms from Postgres).
 */
export enum QueueName {
  Deadlines = 'dispatch-deadlines',
  /** One job per attempt of a notify delivery; the job carries only the delivery's id. */
  NotifyDeliveries = 'notify-deliveries',
}

export enum DeliveryJob {
  Send = 'delivery.send',
}

export enum DeadlineJob {
  /** One wake-up per slot of due times: fire whatever is due. */
  WakeUp = 'deadline.wake-up',
  /** Before slots, one job per deadline version; still queued ones just wake dispatch up. */
  Fire = 'deadline.fire',
}
