import { spawnSync } from 'node:child_process';
import type { ServiceName } from '#libs/contracts';
import { deleteRedisKeys, sleep, waitFor } from '#libs/testing';
import { type ChaosContext, type Fault, SERVICES } from './scenario.js';

/** The load alone: what every other row is compared with. */
export const noFault: Fault = { name: 'no fault', inject: () => Promise.resolve() };

/** SIGKILL of one service mid-load; it is started again a second later. */
export const kill = (service: ServiceName): Fault => ({
  name: `SIGKILL ${service}`,
  inject: async ({ system }) => {
    await system.stopService(service, 'SIGKILL');
    await sleep(1000);
    await system.startService(service);
  },
});

/**
 * SIGKILL of intake while many clients keep retrying their submissions: when it is back, they all
 * arrive at once (a burst of `clients` concurrent first requests, each retried every 50 ms).
 */
export const killIntakeUnderBurst = (clients = 40): Fault => ({
  name: `SIGKILL intake, restart under ${clients} retrying clients`,
  inject: async ({ system, client }) => {
    await system.stopService('intake', 'SIGKILL');
    let stop = false;
    const tag = `burst-${Date.now().toString(36)}`;
    const retrying = Array.from({ length: clients }, async (_, i) => {
      while (!stop) {
        const reply = await client.call(
          'POST',
          '/api/whistle-reports',
          'school.reporter',
          { category: 'dropout', severity: 'normal', title: `${tag} ${i}`, description: 'Burst', location: 'Gate' },
          { 'idempotency-key': `${tag}-${i}` },
        );
        if (reply.status >= 200 && reply.status < 300) return;
        await sleep(50);
      }
    });
    await sleep(500);
    try {
      await system.startService('intake');
    } finally {
      await sleep(5000);
      stop = true;
      await Promise.all(retrying);
    }
  },
});

/**
 * The service restarts with a failpoint armed, kills itself there (commit done, ack or publish
 * not), and is started again without it.
 */
export const failpoint = (service: ServiceName, point: string): Fault => ({
  name: `failpoint ${point} (${service})`,
  inject: async ({ system }) => {
    await system.stopService(service);
    // It may reach the failpoint before it answers its first health check: that is not a failure.
    await system.startService(service, { CW_FAILPOINTS: point }).catch((error: Error) => {
      if (!/exited \(SIGKILL\)/.test(error.message)) throw error;
    });
    const reached = await system.waitForExit(service, 20_000).then(
      (signal) => signal === 'SIGKILL',
      () => false,
    );
    if (!reached) await system.stopService(service);
    await system.startService(service);
    return reached ? undefined : 'fault failed: the failpoint was not reached within 20 s';
  },
});

/** SIGSTOP for longer than the ack wait, then SIGCONT: its deliveries went to the back of the queue. */
export const freeze = (service: ServiceName, ms = 8000): Fault => ({
  name: `SIGSTOP ${service} ${ms / 1000} s`,
  inject: async ({ system }) => {
    const child = system.processOf(service)!;
    child.kill('SIGSTOP');
    await sleep(ms);
    child.kill('SIGCONT');
  },
});

export const natsRestart: Fault = {
  name: 'NATS restart (with data)',
  inject: async ({ nats }) => {
    await nats!.outage();
    await sleep(3000);
    await nats!.resume();
  },
};

/**
 * The broker comes back empty: the services recreate streams and consumers themselves; the
 * operator then republishes every service's events since the fault's window began.
 */
export const natsRestartWithoutData: Fault = {
  name: 'NATS restart without data + republish',
  inject: async ({ nats }) => {
    await nats!.restartWithoutData();
  },
  recover: async (ctx, since) => {
    await waitFor('the system to be healthy again', async () => (await fetch(ctx.system.url('/api/health'))).ok, {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    for (const service of SERVICES) republish(ctx, service, since);
  },
};

export const redisRestart: Fault = {
  name: 'Redis stop 5 s / start',
  inject: async ({ redis }) => {
    await redis!.outage();
    await sleep(5000);
    await redis!.resume();
  },
};

/** FLUSHALL of a private Redis, or on the shared one only the run's own keys. */
export const redisFlush: Fault = {
  name: 'Redis FLUSHALL',
  inject: async ({ redis, system }) => {
    if (redis) await redis.flushAll();
    else await deleteRedisKeys(system.isolation.redisPrefix);
  },
};

export const postgresRestart: Fault = {
  name: 'Postgres immediate restart',
  inject: async ({ postgres }) => {
    postgres!.crash();
    await sleep(2000);
    postgres!.resume();
  },
};

/** A second process of every service; one process of dispatch and one of notify are killed. */
export const replicas: Fault = {
  name: '2 processes per service, SIGKILL one',
  prepare: async ({ system }) => {
    for (const service of SERVICES) await system.startService(service, {}, 1);
  },
  inject: async ({ system }) => {
    await system.stopService('dispatch', 'SIGKILL');
    await system.stopService('notify', 'SIGKILL', 1);
    await sleep(1000);
    await system.startService('dispatch');
    await system.startService('notify', {}, 1);
  },
  cleanup: async ({ system }) => {
    for (const service of SERVICES) await system.stopService(service, 'SIGTERM', 1);
  },
};

function republish(ctx: ChaosContext, service: ServiceName, since: Date): void {
  const result = spawnSync(
    process.execPath,
    ['dist/scripts/events.js', 'republish', service, '--since', since.toISOString()],
    {
      env: { ...process.env, NATS_URL: ctx.natsUrl, NATS_NAMESPACE: ctx.system.isolation.natsNamespace },
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`republish ${service}: ${result.stderr.trim()}`);
}

/** The whole matrix, ordered so that the faults that disturb most come last. */
export const MATRIX: Fault[] = [
  noFault,
  ...SERVICES.map(kill),
  killIntakeUnderBurst(),
  failpoint('intake', 'outbox.before-publish:intake.whistle-report.submitted'),
  failpoint('dispatch', 'outbox.after-publish:dispatch.task.ack-breached'),
  failpoint('notify', 'consumer.before-ack:dispatch.task.ack-breached'),
  freeze('dispatch'),
  redisRestart,
  redisFlush,
  natsRestart,
  natsRestartWithoutData,
  postgresRestart,
  replicas,
];
