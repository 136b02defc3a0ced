import { createIsolation, destroyIsolation } from '#libs/testing';
import { startChild } from './child.js';
import type { Results } from './figures.js';
import { KeepAliveClient } from './http-load.js';
import { Limit } from './limits/index.js';
import type { BenchContext } from './options.js';
import { generateTokenKeys } from '#libs/config';

interface DurableRun {
  appended: number;
  handled: number;
  inbox: number;
  unpublished: number;
  ms: number;
  appendMs: number;
}
interface StockRun {
  emitted: number;
  handled: number;
  ms: number;
}

/**
 * The durable bus alone, in a service process of the bench's own (bus-app.ts): events appended to
 * the outbox in batches → relay → JetStream → @OnEvent handler → inbox → ack, from the first append
 * to the last event handled; then Nest's stock NATS transport (at most once) in the same process.
 */
export async function benchBus(context: BenchContext, results: Results): Promise<void> {
  const { busEvents, busBatch } = context.options;
  const isolation = await createIsolation();
  try {
    const app = await startChild(
      './bus-app.js',
      {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: isolation.databaseUrl,
        NATS_NAMESPACE: isolation.natsNamespace,
        REDIS_PREFIX: isolation.redisPrefix,
        JWT_PUBLIC_KEYS: generateTokenKeys().JWT_PUBLIC_KEYS,
      },
      '/health',
    );
    const client = new KeepAliveClient(app.url);
    try {
      context.log(`bus: ${busEvents} events appended to the outbox in batches of ${busBatch}`);
      const durable = await call<DurableRun>(client, '/bench/durable-bus', { events: busEvents, batch: busBatch });
      if (durable.appended <= 0) throw new Error('no event was appended: nothing was measured');
      const lost = durable.appended - Math.min(durable.handled, durable.inbox);
      results.details.bus = { durable, log: app.log };
      results.add({
        key: 'bus.durable',
        label: `durable bus: outbox → JetStream → @OnEvent → inbox → ack (${durable.appended} events)`,
        value: durable.appended / (durable.ms / 1000),
        unit: 'events/s',
        limit: results.limit(Limit.JetStreamPipelined, 0.6),
      });
      results.add({
        key: 'bus.lost',
        label: `durable bus: lost (handled ${durable.handled}, inbox rows ${durable.inbox})`,
        value: lost,
        unit: `of ${durable.appended}`,
        goal: { op: '<=', value: 0 },
      });
      if (durable.handled > durable.appended) {
        context.log(
          `bus: ${durable.handled - durable.appended} events were handled twice (the inbox should stop that)`,
        );
      }

      context.log(`bus: ${busEvents} events through Nest's stock NATS transport`);
      const stock = await call<StockRun>(client, '/bench/stock-nats', { events: busEvents });
      results.details.bus = { durable, stock, log: app.log };
      results.add({
        key: 'bus.stock-nats',
        label: `Nest stock NATS transport, at most once (${stock.handled} of ${stock.emitted} arrived)`,
        value: stock.handled / (stock.ms / 1000),
        unit: 'events/s',
        limit: results.limit(Limit.JetStreamPipelined),
      });
    } finally {
      client.close();
      await app.stop();
    }
  } finally {
    await destroyIsolation(isolation);
  }
}

async function call<T>(client: KeepAliveClient, path: string, body: unknown): Promise<T> {
  const response = await client.send('POST', path, { body });
  if (response.status !== 201) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as T;
}
