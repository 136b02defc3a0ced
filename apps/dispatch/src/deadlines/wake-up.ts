/** One wake-up: at `slot` (epoch ms), fire what is due; `retry` counts re-arms after an early one. */
export interface WakeUp {
  slot: number;
  delayMs: number;
  retry: number;
}

/** What a wake-up job carries in Redis. */
export interface WakeUpJobData {
  slot: number;
  retry: number;
}
