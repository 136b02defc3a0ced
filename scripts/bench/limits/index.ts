import { createIsolation, destroyIsolation, type Isolation } from '#libs/testing';
import { formatNumber, type Results } from '../figures.js';
import type { BenchContext } from '../options.js';
import { bullMqLimits } from './bullmq.js';
import { jetStreamLimits } from './jetstream.js';
import { postgresCommitRate } from './postgres.js';
import { wakeUpCost } from './wake-up.js';

/** Keys other sections compare with. */
export const Limit = {
  PostgresCommits: 'limit.postgres.insert-commit',
  JetStreamAwaited: 'limit.jetstream.publish-awaited',
  /** The faster of the two pipelined publishers below: what the durable bus is compared with. */
  JetStreamPipelined: 'limit.jetstream.publish-pipelined',
  JetStreamPipelinedLibrary: 'limit.jetstream.publish-pipelined-library',
  JetStreamPipelinedBatched: 'limit.jetstream.publish-pipelined-batched',
  JetStreamConsume: 'limit.jetstream.consume-ack',
  BullMqAdd: 'limit.bullmq.add',
  BullMqProcess: 'limit.bullmq.process',
  WakeUpBusy: 'limit.wake-up.busy',
  WakeUpIdle: 'limit.wake-up.idle',
} as const;

/** This machine's limits, measured now, each in an isolation of its own that is dropped afterwards. */
export async function benchLimits(context: BenchContext, results: Results): Promise<void> {
  const { limitSeconds, bullmqJobs } = context.options;

  context.log(`limits: round trips between two processes over loopback, back to back and one every 5 ms`);
  const wakeUp = await wakeUpCost(limitSeconds);
  results.add({
    key: Limit.WakeUpBusy,
    label: `round trip between two processes, back to back (${formatNumber(wakeUp.backToBack.perSecond)}/s): CPU`,
    value: wakeUp.backToBack.cpuUsPerRoundTrip,
    unit: 'µs',
  });
  results.add({
    key: Limit.WakeUpIdle,
    label: 'round trip between two processes, one every 5 ms (woken from idle): CPU',
    value: wakeUp.spaced.cpuUsPerRoundTrip,
    unit: 'µs',
  });

  context.log(`limits: PostgreSQL single-row INSERT + commit, 8 clients, ${limitSeconds} s`);
  const commits = await isolated((isolation) => postgresCommitRate(isolation, limitSeconds));
  results.add({
    key: Limit.PostgresCommits,
    label: 'Postgres INSERT+commit, 8 clients',
    value: commits,
    unit: 'commits/s',
  });

  context.log(`limits: JetStream publish (awaited, pipelined ×1000) ${limitSeconds} s each, then consume + ack`);
  const js = await isolated((isolation) => jetStreamLimits(isolation, limitSeconds));
  results.add({
    key: Limit.JetStreamAwaited,
    label: 'JetStream publish, awaited',
    value: js.publishAwaited,
    unit: 'msg/s',
  });
  results.add({
    key: Limit.JetStreamPipelinedLibrary,
    label: 'JetStream publish, pipelined ×1000, js.publish()',
    value: js.publishPipelined,
    unit: 'msg/s',
  });
  results.add({
    key: Limit.JetStreamPipelinedBatched,
    label: 'JetStream publish, pipelined ×1000, JetStreamPublisher',
    value: js.publishBatched,
    unit: 'msg/s',
  });
  results.add({
    key: Limit.JetStreamPipelined,
    label: 'JetStream publish, pipelined ×1000, the faster of the two',
    value: Math.max(js.publishPipelined, js.publishBatched),
    unit: 'msg/s',
  });
  results.add({
    key: Limit.JetStreamConsume,
    label: `JetStream pull consume + ack (${js.consumed} msgs)`,
    value: js.consumeAck,
    unit: 'msg/s',
  });

  context.log(`limits: BullMQ, ${bullmqJobs} jobs added in bulk, then processed by one worker`);
  const bull = await isolated((isolation) => bullMqLimits(isolation, bullmqJobs));
  results.add({ key: Limit.BullMqAdd, label: 'BullMQ addBulk', value: bull.addPerSecond, unit: 'jobs/s' });
  results.add({
    key: Limit.BullMqProcess,
    label: 'BullMQ worker, no-op jobs',
    value: bull.processPerSecond,
    unit: 'jobs/s',
  });
}

async function isolated<T>(work: (isolation: Isolation) => Promise<T>): Promise<T> {
  const isolation = await createIsolation();
  try {
    return await work(isolation);
  } finally {
    await destroyIsolation(isolation);
  }
}
